import { DeadLetterRecord, InputEvent, InputTopicRole, parseInputMessage } from '@vigil/contracts';
import { appendEvents, NewEvent, Sql } from '@vigil/event-store';
import { enqueueOutbox, OutboxMessage, ReceivedBatch } from '@vigil/messaging';
import { KafkaMessage } from 'kafkajs';
import { AeVersionConflicts } from './ae-version-conflicts';
import { toNewEvent } from '@vigil/event-store';

export interface IngestResult {
  stored: number;
  duplicates: number;
  deadLetters: number;
}

/**
 * One Kafka batch into the store, inside the caller's transaction: valid events are appended (idempotent
 * on the CloudEvent id), bad ones become dead letters (table + outbox to the dead-letter topic). Nothing
 * here blocks the partition: every message ends up in exactly one of the two.
 */
export async function ingestBatch(tx: Sql, batch: ReceivedBatch, topicRole: InputTopicRole, receivedAt: string): Promise<IngestResult> {
  const parsed = batch.messages.map((message) => ({ message, result: parseInputMessage(message.value, topicRole) }));
  const valid = parsed.flatMap((p) => (p.result.ok ? [p.result.event] : []));
  const conflicts = await AeVersionConflicts.load(tx, valid);

  const toStore: NewEvent[] = [];
  const deadLetters: DeadLetterRecord[] = [];
  let sameContent = 0;
  for (const { message, result } of parsed) {
    const origin = { topic: batch.topic, partition: batch.partition, offset: message.offset };
    const dead = (errorClass: DeadLetterRecord['errorClass'], reason: string, event?: Partial<InputEvent>) =>
      deadLetters.push(deadLetterRecord(batch, message, errorClass, reason, receivedAt, event));
    if (!result.ok) {
      dead(result.errorClass, result.reason, { id: result.eventId, trialid: result.trialId });
      continue;
    }
    const verdict = conflicts.judge(result.event);
    if (verdict.kind === 'conflict') dead('conflict', verdict.reason, result.event);
    else if (verdict.kind === 'same-content' && !toStore.some((e) => e.eventId === result.event.id)) sameContent += 1;
    else toStore.push(toNewEvent(result.event, origin));
  }

  const stored = await appendEvents(tx, toStore);
  const recorded = await recordDeadLetters(tx, deadLetters);
  return { stored: stored.length, duplicates: toStore.length - stored.length + sameContent, deadLetters: recorded };
}

export function deadLetterRecord(
  batch: Pick<ReceivedBatch, 'topic' | 'partition'>,
  message: KafkaMessage,
  errorClass: DeadLetterRecord['errorClass'],
  reason: string,
  receivedAt: string,
  event?: Partial<InputEvent>,
): DeadLetterRecord {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    valueBase64: (message.value ?? Buffer.alloc(0)).toString('base64'),
    errorClass,
    reason,
    ...(event?.id ? { eventId: event.id } : {}),
    ...(event?.trialid ? { trialId: event.trialid } : {}),
    receivedAt,
  };
}

export async function recordDeadLetters(tx: Sql, records: DeadLetterRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const inserted: { topic: string; partition: number; offset: string }[] = await tx.query(
    `insert into dead_letters (topic, partition, "offset", message_key, value, error_class, reason, event_id, trial_id)
     select * from unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::bytea[], $6::text[], $7::text[], $8::text[], $9::text[])
     on conflict (topic, partition, "offset") do nothing
     returning topic, partition, "offset"::text as "offset"`,
    [
      records.map((r) => r.topic),
      records.map((r) => r.partition),
      records.map((r) => r.offset),
      records.map((r) => r.key),
      records.map((r) => Buffer.from(r.valueBase64, 'base64')),
      records.map((r) => r.errorClass),
      records.map((r) => r.reason),
      records.map((r) => r.eventId ?? null),
      records.map((r) => r.trialId ?? null),
    ],
  );
  // Only newly recorded ones are announced: a re-delivered batch publishes no second dead letter.
  const fresh = new Set(inserted.map((r) => `${r.topic}/${r.partition}/${r.offset}`));
  const messages: OutboxMessage[] = records
    .filter((r) => fresh.has(`${r.topic}/${r.partition}/${r.offset}`))
    .map((r) => ({ topicRole: 'deadLetter', key: r.key, messageId: `${r.topic}/${r.partition}/${r.offset}`, value: r }));
  await enqueueOutbox(tx, messages);
  return inserted.length;
}
