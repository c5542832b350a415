import { InputTopicRole, parseInputMessage } from '@vigil/contracts';
import { ReceivedBatch } from '@vigil/messaging';
import { DataSource } from 'typeorm';
import { deadLetterRecord, recordDeadLetters } from './dead-letter-records';
import { deadLetterNotes, ingestBatch, IngestResult } from './ingest-batch';

/**
 * One transaction per batch; when PostgreSQL refuses the data itself (SQLSTATE class 22, e.g. a NUL
 * character inside a string), the batch is retried message by message and the message it refuses is
 * dead-lettered, so one unstorable message cannot block its partition. Other errors (database down)
 * propagate: the batch is re-delivered later, and nothing valid is ever dead-lettered for them.
 */
export async function ingestDurably(
  dataSource: DataSource,
  batch: ReceivedBatch,
  role: InputTopicRole,
  receivedAt: string,
): Promise<IngestResult> {
  try {
    return await dataSource.transaction((tx) => ingestBatch(tx, batch, role, receivedAt));
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  const total: IngestResult = { stored: 0, duplicates: 0, deadLetters: 0, lettered: [] };
  for (const message of batch.messages) {
    let result: IngestResult;
    try {
      result = await dataSource.transaction((tx) => ingestBatch(tx, { ...batch, messages: [message] }, role, receivedAt));
    } catch (error) {
      if (!isDataError(error)) throw error;
      const parsed = parseInputMessage(message.value, role);
      const event = parsed.ok ? parsed.event : undefined;
      const reason = `valid CloudEvent, but PostgreSQL refused to store it: ${(error as Error).message}`;
      const letter = deadLetterRecord(batch, message, 'schema', reason, receivedAt, event);
      const recorded = await dataSource.transaction((tx) => recordDeadLetters(tx, [letter]));
      result = { stored: 0, duplicates: 0, deadLetters: recorded.length, lettered: deadLetterNotes([letter]) };
    }
    total.stored += result.stored;
    total.duplicates += result.duplicates;
    total.deadLetters += result.deadLetters;
    total.lettered!.push(...(result.lettered ?? []));
  }
  return total;
}

export function isDataError(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } }).code ??
    (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && code.startsWith('22');
}
