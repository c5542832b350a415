import { createHash, randomBytes } from 'node:crypto';
import { DeadLetterRecord, TopicNames } from '@vigil/contracts';
import { Admin, Consumer, Kafka } from 'kafkajs';
import { createTestDatabase } from '../../../../test/support/test-database';
import { waitFor } from '../../../../test/support/wait-for';
import { createKafka } from '../kafka/kafka-client';
import { enqueueOutbox, OutboxMessage } from './outbox-message';
import { outboxHealth } from './outbox-health';
import { OutboxRelay } from './outbox-relay';
import { TRUNCATION_MARKER_START } from './transport-limit';

/**
 * The relay against the real broker (Kafka 3.9.1, default message.max.bytes ≈ 1 MB) and PostgreSQL:
 * no single row, however large or refused, stops the notifications and dead letters behind it.
 */

const brokers = (process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const run = randomBytes(4).toString('hex');
const LIMIT = 900_000;
const TERM = 'Lumbar pain radiating to the buttocks. '.repeat(23_100).slice(0, 900_000); // a 900 KB verbatim term

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

function notification(id: string, term: string): OutboxMessage {
  return {
    topicRole: 'notifications',
    key: 'NCT04410731',
    messageId: id,
    value: {
      specversion: '1.0',
      id,
      source: 'vigil',
      type: 'alert.raised',
      subject: `alert-${id}`,
      time: '2021-02-04T10:00:00.000Z',
      datacontenttype: 'application/json',
      trialid: 'NCT04410731',
      data: { alertId: `alert-${id}`, kind: 'adverse-event', title: `Adverse event: ${term}`, severity: 'high', evidence: { term } },
    },
  };
}

function deadLetter(offset: string, value: Buffer): OutboxMessage {
  const record: DeadLetterRecord = {
    topic: 'clinical.adverse-events.v1',
    partition: 0,
    offset,
    key: 'CK-001',
    valueBase64: value.toString('base64'),
    errorClass: 'not-json',
    reason: 'not JSON: Unexpected token',
    receivedAt: '2026-11-22T00:00:00.000Z',
  };
  return { topicRole: 'deadLetter', key: 'CK-001', messageId: `clinical.adverse-events.v1/0/${offset}`, value: record };
}

describe('OutboxRelay (real Kafka and PostgreSQL)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const consumers: Consumer[] = [];
  const topicsToDelete: string[] = [];
  const relays: OutboxRelay[] = [];
  const databases: Db[] = [];

  beforeAll(async () => {
    if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run the integration tests with `npm test`');
    kafka = createKafka(brokers, `vigil-relay-it-${run}`);
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop().catch(() => undefined);
    for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
    for (const db of databases) await db.drop().catch(() => undefined);
    if (admin) {
      await admin.deleteTopics({ topics: topicsToDelete }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  });

  async function topic(name: string, config: Record<string, string> = {}): Promise<string> {
    const full = `it-relay-${run}.${name}`;
    await admin.createTopics({
      topics: [{ topic: full, numPartitions: 1, configEntries: Object.entries(config).map(([n, value]) => ({ name: n, value })) }],
      waitForLeaders: true,
    });
    topicsToDelete.push(full);
    return full;
  }

  async function world(
    label: string,
    topics: Partial<TopicNames>,
    options: { maxAttempts?: number; retryBackoffMs?: number; pollIntervalMs?: number } = {},
  ) {
    const db = await createTestDatabase(`outbox_relay_${label}`);
    databases.push(db);
    const logged: string[] = [];
    const fields: Record<string, unknown>[] = [];
    const log = (message: string | ({ msg: string } & Record<string, unknown>)) => {
      logged.push(typeof message === 'string' ? message : message.msg);
      if (typeof message !== 'string') fields.push(message);
    };
    const relay = new OutboxRelay(db.dataSource, kafka, {
      topics: { visits: 'unused', adverseEvents: 'unused', deadLetter: 'unused', notifications: 'unused', ...topics },
      pollIntervalMs: options.pollIntervalMs ?? 50,
      maxMessageBytes: LIMIT,
      maxAttempts: options.maxAttempts,
      retryBackoffMs: options.retryBackoffMs ?? 10,
      logger: { error: log, warn: log },
    });
    relays.push(relay);
    return { db, relay, logged, fields };
  }

  async function collect(topicName: string): Promise<{ value: Buffer; key: string | null }[]> {
    const received: { value: Buffer; key: string | null }[] = [];
    const consumer = kafka.consumer({ groupId: `it-relay-${run}-${topicName}`, maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: topicName, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push({ value: message.value as Buffer, key: message.key?.toString() ?? null }),
    });
    return received;
  }

  it('publishes a 900 KB notification and a dead letter of a 900 KB message truncated under the limit, and the SAE behind them', async () => {
    const notifications = await topic('notifications');
    const deadLetters = await topic('dead-letter');
    const { db, relay } = await world('truncate', { notifications, deadLetter: deadLetters });
    const malformed = Buffer.from(`{"specversion":"1.0","data":{"term":"${TERM}"`); // not JSON: cut off
    await enqueueOutbox(db.dataSource, [
      notification('change-huge', TERM),
      deadLetter('17', malformed),
      notification('change-sae', 'Pneumonia'),
    ]);

    await relay.start();
    await waitFor('the outbox to be published', async () => (await outboxHealth(db.dataSource)).pending === 0, { timeoutMs: 60_000 });

    const sentNotifications = await collect(notifications);
    const sentDeadLetters = await collect(deadLetters);
    await waitFor('both notifications and the dead letter', () => sentNotifications.length === 2 && sentDeadLetters.length === 1, {
      timeoutMs: 30_000,
    });

    const [huge, sae] = sentNotifications.map((m) => ({
      bytes: m.value.length + (m.key?.length ?? 0),
      json: JSON.parse(m.value.toString()),
    }));
    expect(huge.bytes).toBeLessThanOrEqual(LIMIT);
    expect(huge.json).toMatchObject({ id: 'change-huge', type: 'alert.raised', data: { severity: 'high', kind: 'adverse-event' } });
    expect(huge.json.data.evidence.term.startsWith('Lumbar pain radiating')).toBe(true);
    expect(huge.json.data.evidence.term).toMatch(
      /…\[truncated by Vigil: 900000 characters; the full text is in the event store, event change-huge\]$/,
    );
    expect(sae.json).toMatchObject({ id: 'change-sae', data: { evidence: { term: 'Pneumonia' } } });

    const record = JSON.parse(sentDeadLetters[0].value.toString()) as DeadLetterRecord;
    expect(sentDeadLetters[0].value.length).toBeLessThanOrEqual(LIMIT);
    expect(record).toMatchObject({
      offset: '17',
      errorClass: 'not-json',
      valueTruncated: true,
      valueBytes: malformed.length,
      valueSha256: createHash('sha256').update(malformed).digest('hex'),
    });
    expect(malformed.toString('base64').startsWith(record.valueBase64)).toBe(true);
    expect(record.valueBase64).not.toContain(TRUNCATION_MARKER_START);

    // Only what travelled was cut: the outbox (and the feed built from it) keeps the whole text.
    const [kept] = await db.dataSource.query(
      `select length(value->'data'->'evidence'->>'term')::int as n from outbox where message_id = 'change-huge'`,
    );
    expect(kept.n).toBe(TERM.length);
  });

  it('parks a row the broker keeps refusing after the bounded attempts, while the SAE behind it is published', async () => {
    // This topic refuses records over 20 000 bytes: the relay's own limit (900 000) lets the row through,
    // as a broker configured below the relay's limit would.
    const small = await topic('small', { 'max.message.bytes': '20000' });
    const { db, relay, logged, fields } = await world('park', { notifications: small }, { maxAttempts: 3, retryBackoffMs: 1_000 });
    const row = async (id: string) =>
      (await db.dataSource.query(`select attempts, last_error, parked_at, published_at from outbox where message_id = $1`, [id]))[0];
    await relay.start();
    await enqueueOutbox(db.dataSource, [notification('change-refused', 'x'.repeat(50_000)), notification('change-sae-after', 'Pneumonia')]);
    // The row behind the refused one goes out at once (with a fresh producer: no sequence error) while
    // the refused one waits for its next attempt (1 s, then 2 s).
    await waitFor('the SAE behind the refused row to be published', async () => (await row('change-sae-after')).published_at !== null, {
      timeoutMs: 5_000,
    });
    expect(await row('change-refused')).toMatchObject({ parked_at: null, published_at: null });

    await waitFor('the refused row to be parked', async () => (await row('change-refused')).parked_at !== null, { timeoutMs: 20_000 });
    const parked = await row('change-refused');
    expect(parked).toMatchObject({ attempts: 3, published_at: null });
    expect(parked.last_error).toMatch(/larger than the max message size the server will accept/);
    expect(await outboxHealth(db.dataSource)).toMatchObject({ pending: 0, parked: 1, oldestPendingAt: null });
    expect(await relay.parkedCount()).toBe(1);
    expect(await relay.backlog()).toBe(0);
    expect(logged.some((line) => /outbox row \d+ \(notifications change-refused\) parked after 3 attempt\(s\)/.test(line))).toBe(true);
    // The structured line names the message, so a log search by notification id finds it.
    expect(fields).toContainEqual(expect.objectContaining({ topicRole: 'notifications', messageId: 'change-refused' }));

    // Parked rows are skipped: later rows flow.
    await enqueueOutbox(db.dataSource, [notification('change-later', 'Fever')]);
    await waitFor('the later row to be published', async () => (await row('change-later')).published_at !== null, { timeoutMs: 5_000 });
    const received = await collect(small);
    await waitFor('the two small notifications', () => received.length === 2);
    expect(received.map((m) => JSON.parse(m.value.toString()).id)).toEqual(['change-sae-after', 'change-later']);
  });

  it('wake() makes an idle relay publish now instead of at its next poll', async () => {
    const notifications = await topic('wake');
    const { db, relay } = await world('wake', { notifications }, { pollIntervalMs: 60_000 });
    // A row waiting before the start is published by the first poll: once it is out, the relay idles for 60 s.
    await enqueueOutbox(db.dataSource, [notification('change-before-start', 'Rash')]);
    await relay.start(); // polls every 60 s
    await waitFor('the first poll to publish the waiting row', async () => (await outboxHealth(db.dataSource)).pending === 0, {
      timeoutMs: 5_000,
    });
    await enqueueOutbox(db.dataSource, [notification('change-woken', 'Rash')]);
    relay.wake();
    await waitFor('the notification to be published', async () => (await outboxHealth(db.dataSource)).pending === 0, { timeoutMs: 5_000 });
  });
});
