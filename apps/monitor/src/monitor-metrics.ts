import { Injectable } from '@nestjs/common';
import { IngestResult } from './ingest-clinical-events/ingest-batch';

/** Counters the monitor logs and exposes; kept in-process, the API reads durable figures from the database. */
@Injectable()
export class MonitorMetrics {
  readonly ingested = new Map<string, IngestResult>();

  recordIngest(topic: string, result: IngestResult): void {
    const total = this.ingested.get(topic) ?? { stored: 0, duplicates: 0, deadLetters: 0 };
    this.ingested.set(topic, {
      stored: total.stored + result.stored,
      duplicates: total.duplicates + result.duplicates,
      deadLetters: total.deadLetters + result.deadLetters,
    });
  }
}
