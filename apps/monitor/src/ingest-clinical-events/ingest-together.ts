import { InputTopicRole } from '@vigil/contracts';
import { ReceivedBatch } from '@vigil/messaging';
import { DataSource } from 'typeorm';
import { ingestBatch, IngestResult } from './ingest-batch';
import { ingestDurably, isDataError } from './ingest-durably';

export interface RoledBatch {
  batch: ReceivedBatch;
  role: InputTopicRole;
}

/**
 * Several partitions' batches in one transaction (group commit): under load the consumer hands over
 * batches of every partition at once, and one commit for all of them costs a fraction of one each.
 * When PostgreSQL refuses a message's data, each batch is done again on its own (ingestDurably isolates
 * the message), so one unstorable message still cannot block anything.
 */
export async function ingestTogether(dataSource: DataSource, batches: RoledBatch[], receivedAt: string): Promise<IngestResult[]> {
  if (batches.length === 1) return [await ingestDurably(dataSource, batches[0].batch, batches[0].role, receivedAt)];
  try {
    return await dataSource.transaction(async (tx) => {
      const results: IngestResult[] = [];
      for (const { batch, role } of batches) results.push(await ingestBatch(tx, batch, role, receivedAt));
      return results;
    });
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  const results: IngestResult[] = [];
  for (const { batch, role } of batches) results.push(await ingestDurably(dataSource, batch, role, receivedAt));
  return results;
}
