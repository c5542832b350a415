import { DataSource } from 'typeorm';
import { ingestBatches, IngestResult, RoledBatch } from './ingest-batch';
import { ingestDurably, isDataError } from './ingest-durably';

/**
 * Several partitions' batches in one transaction (group commit): under load the consumer hands over
 * batches of every partition at once, and one transaction, with one statement per step for all of them,
 * costs a fraction of one each.
 * When PostgreSQL refuses a message's data, each batch is done again on its own (ingestDurably isolates
 * the message), so one unstorable message still cannot block anything.
 */
export async function ingestTogether(dataSource: DataSource, batches: RoledBatch[], receivedAt: string): Promise<IngestResult[]> {
  if (batches.length === 1) return [await ingestDurably(dataSource, batches[0].batch, batches[0].role, receivedAt)];
  try {
    return await dataSource.transaction((tx) => ingestBatches(tx, batches, receivedAt));
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  const results: IngestResult[] = [];
  for (const { batch, role } of batches) results.push(await ingestDurably(dataSource, batch, role, receivedAt));
  return results;
}
