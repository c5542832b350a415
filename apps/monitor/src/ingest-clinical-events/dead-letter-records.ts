import { createHash } from 'node:crypto';
import { DeadLetterRecord, InputEvent } from '@vigil/contracts';
import { Sql } from '@vigil/event-store';
import { enqueueOutbox, KafkaMessage, OutboxMessage, ReceivedBatch } from '@vigil/messaging';

/** A dead letter with the digest that, with its coordinates, identifies the message it is about. */
export interface DeadLetter {
  record: DeadLetterRecord;
  value: Buffer;
  /** messageDigest() of the message's key and value. */
  messageSha256: string;
}

/**
 * sha256 (hex) of a Kafka message's key and value: 'n' when there is no key, else 'k<key bytes>:<key>',
 * then the value bytes (the framing keeps key and value apart). The migration that introduced
 * `dead_letters.message_sha256` computes the same in SQL for older rows.
 */
export function messageDigest(key: Buffer | null, value: Buffer): string {
  const hash = createHash('sha256');
  hash.update(key === null ? 'n' : `k${key.length}:`);
  if (key !== null) hash.update(key);
  return hash.update(value).digest('hex');
}

export function deadLetterRecord(
  batch: Pick<ReceivedBatch, 'topic' | 'partition'>,
  message: KafkaMessage,
  errorClass: DeadLetterRecord['errorClass'],
  reason: string,
  receivedAt: string,
  event?: Partial<InputEvent>,
  extra: Pick<DeadLetterRecord, 'conflictsWith'> = {},
): DeadLetter {
  const value = message.value ?? Buffer.alloc(0);
  return {
    value,
    messageSha256: messageDigest(message.key ?? null, value),
    record: {
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key ? storable(message.key.toString('utf8')) : null,
      valueBase64: value.toString('base64'),
      errorClass,
      reason: storable(reason),
      ...(event?.id ? { eventId: storable(event.id) } : {}),
      ...(event?.trialid ? { trialId: storable(event.trialid) } : {}),
      receivedAt,
      valueBytes: value.length,
      valueSha256: createHash('sha256').update(value).digest('hex'),
      ...extra,
    },
  };
}

/**
 * Records dead letters and announces the new ones (returned) on the dead-letter topic (outbox). A redelivery is the
 * same message at the same coordinates — same digest of key and value — and is recorded once; a different
 * message at a reused offset (a topic re-created while the database lived on) is a new dead letter.
 */
export async function recordDeadLetters(tx: Sql, deadLetters: DeadLetter[]): Promise<DeadLetter[]> {
  if (deadLetters.length === 0) return [];
  const records = deadLetters.map((d) => d.record);
  const inserted: { topic: string; partition: number; offset: string; digest: string }[] = await tx.query(
    `insert into dead_letters (topic, partition, "offset", message_key, value, error_class, reason, event_id, trial_id, message_sha256)
     select * from unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::bytea[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
     on conflict (topic, partition, "offset", message_sha256) do nothing
     returning topic, partition, "offset"::text as "offset", message_sha256 as digest`,
    [
      records.map((r) => r.topic),
      records.map((r) => r.partition),
      records.map((r) => r.offset),
      records.map((r) => r.key),
      deadLetters.map((d) => d.value),
      records.map((r) => r.errorClass),
      records.map((r) => r.reason),
      records.map((r) => r.eventId ?? null),
      records.map((r) => r.trialId ?? null),
      deadLetters.map((d) => d.messageSha256),
    ],
  );
  const fresh = new Set(inserted.map((r) => identity(r.topic, r.partition, r.offset, r.digest)));
  const recorded = deadLetters
    .map((d) => ({ d, id: identity(d.record.topic, d.record.partition, d.record.offset, d.messageSha256) }))
    .filter(({ id }) => fresh.has(id));
  const messages: OutboxMessage[] = recorded.map(({ d, id }) => ({
    topicRole: 'deadLetter',
    key: d.record.key,
    messageId: id,
    value: d.record,
  }));
  await enqueueOutbox(tx, messages);
  return recorded.map(({ d }) => d);
}

/** PostgreSQL text cannot hold U+0000; the digest and `valueBase64` keep the exact bytes. */
function storable(text: string): string {
  return text.replaceAll('\u0000', '\ufffd');
}

/** Also the outbox message id: a different message at reused coordinates is announced too. */
function identity(topic: string, partition: number, offset: string, digest: string): string {
  return `${topic}/${partition}/${offset}/sha256:${digest}`;
}
