import { Command } from '@nestjs/cqrs';
import { InputTopicRole } from '@vigil/contracts';
import { ReceivedBatch } from '@vigil/messaging';
import { IngestResult } from './ingest-batch';

/**
 * Make one chunk of a Kafka batch durable: every message stored or dead-lettered. Resolves only once that
 * is committed; the consumer commits the chunk's offsets after it resolves, and none when it rejects.
 */
export class RecordIngestedBatch extends Command<IngestResult> {
  constructor(
    readonly batch: ReceivedBatch,
    readonly role: InputTopicRole,
  ) {
    super();
  }
}
