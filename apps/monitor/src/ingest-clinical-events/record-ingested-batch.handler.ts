import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { GroupCommit } from '@vigil/platform';
import { DataSource } from 'typeorm';
import { BatchIngested } from './batch-ingested.event';
import { IngestResult, RoledBatch } from './ingest-batch';
import { ingestTogether } from './ingest-together';
import { RecordIngestedBatch } from './record-ingested-batch.command';

/**
 * Writes, in one transaction: the valid events (`events`), the dead letters (`dead_letters`) and their
 * announcements (`outbox`, to the dead-letter topic). Chunks of several partitions that arrive while a
 * transaction runs share the next one (group commit); each command still resolves with its own result,
 * or rejects with the error of the transaction that carried it.
 */
@CommandHandler(RecordIngestedBatch)
export class RecordIngestedBatchHandler implements ICommandHandler<RecordIngestedBatch, IngestResult> {
  private readonly together = new GroupCommit<RoledBatch, IngestResult>((batches) =>
    ingestTogether(this.dataSource, batches, new Date().toISOString()),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ batch, role }: RecordIngestedBatch): Promise<IngestResult> {
    const result = await this.together.submit({ batch, role });
    this.events.publish(new BatchIngested(batch.topic, batch.partition, result));
    return result;
  }
}
