import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { BatchIngested } from './batch-ingested.event';

/** Lines per chunk: a flood of malformed messages must not become a flood of log lines. */
const MAX_LINES_PER_CHUNK = 20;

/**
 * A log line per dead letter (topic, partition, offset, class, event id when it had one), at most 20 per
 * chunk, then a count. They are recorded and announced either way; the lines are for the engineer on call.
 */
@EventsHandler(BatchIngested)
export class WarnOfDeadLetters implements IEventHandler<BatchIngested> {
  private readonly logger = new Logger('Ingest');

  handle({ topic, partition, result }: BatchIngested): void {
    if (result.deadLetters === 0) return;
    const notes = result.lettered ?? [];
    for (const note of notes.slice(0, MAX_LINES_PER_CHUNK)) {
      this.logger.warn({ msg: `dead letter (${note.errorClass}) at ${topic}[${partition}]@${note.offset}`, topic, partition, ...note });
    }
    this.logger.warn({
      msg: `${topic}[${partition}]: ${result.deadLetters} message(s) sent to the dead-letter topic`,
      topic,
      partition,
      deadLetters: result.deadLetters,
      ...(notes.length > MAX_LINES_PER_CHUNK ? { notLogged: notes.length - MAX_LINES_PER_CHUNK } : {}),
    });
  }
}
