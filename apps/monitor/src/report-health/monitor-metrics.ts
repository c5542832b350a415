import { Injectable } from '@nestjs/common';
import { IngestResult } from '../ingest-clinical-events/ingest-batch';

/** Counters kept in-process since start; the status row (report-health) carries them to the API's /metrics. */
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

  totals(): IngestResult {
    const sum: IngestResult = { stored: 0, duplicates: 0, deadLetters: 0 };
    for (const t of this.ingested.values()) {
      sum.stored += t.stored;
      sum.duplicates += t.duplicates;
      sum.deadLetters += t.deadLetters;
    }
    return sum;
  }
}
