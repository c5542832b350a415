import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { BatchIngested } from './batch-ingested.event';

/** A log line per chunk that produced dead letters (they are recorded and announced either way). */
@EventsHandler(BatchIngested)
export class WarnOfDeadLetters implements IEventHandler<BatchIngested> {
  private readonly logger = new Logger('Ingest');

  handle({ topic, partition, result }: BatchIngested): void {
    if (result.deadLetters > 0) this.logger.warn(`${topic}[${partition}]: ${result.deadLetters} message(s) sent to the dead-letter topic`);
  }
}
