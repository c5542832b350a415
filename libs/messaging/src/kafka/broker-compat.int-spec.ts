import { randomUUID } from 'node:crypto';
import { Admin, Consumer, EachBatchPayload, Kafka, Partitioners, Producer } from 'kafkajs';
import { createKafka } from './kafka-client';
import { ensureTopics } from './ensure-topics';

/**
 * Proves kafkajs 2.2.4 against the pinned broker (Kafka 3.9.1, scripts/kafka.sh): topic creation,
 * keyed produce, group consume with eachBatch and manual offset resolution, commit, consumer restart,
 * and resumption exactly after the committed offsets. This is the contract the monitor relies on
 * ("a Kafka offset is committed only after the batch it covers is durably in the store").
 */

interface Received {
  seq: number;
  key: string;
  partition: number;
  offset: number;
}

const PARTITIONS = 3;
const FIRST_BATCH = 10;
const COMMITTED = 5; // messages 1..5 are "made durable" and committed by the first consumer
const SECOND_BATCH = 5; // messages 11..15 are produced while no consumer runs

const brokers = (process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);

const run = randomUUID().slice(0, 8);
const topic = `vigil.compat.${run}`;
const groupId = `vigil-compat-${run}`;

function keyOf(seq: number): string {
  return `CK-${String(seq % 5).padStart(3, '0')}`;
}

function messages(from: number, to: number) {
  const out = [];
  for (let seq = from; seq <= to; seq++) out.push({ key: keyOf(seq), value: JSON.stringify({ seq }) });
  return out;
}

function decode(payload: EachBatchPayload, message: EachBatchPayload['batch']['messages'][number]): Received {
  return {
    seq: (JSON.parse(message.value!.toString('utf8')) as { seq: number }).seq,
    key: message.key!.toString('utf8'),
    partition: payload.batch.partition,
    offset: Number(message.offset),
  };
}

function consumerFor(kafka: Kafka): Consumer {
  return kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000, rebalanceTimeout: 10_000 });
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('kafkajs 2.2.4 against the pinned Kafka broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run the integration tests with `npm test`');
    kafka = createKafka(brokers, `vigil-compat-${run}`);
    admin = kafka.admin();
    await admin.connect();
    // The Java-compatible murmur2 partitioner (kafkajs 2 default), named to keep the log quiet.
    producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin) {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  });

  it('creates a topic once (ensureTopics is idempotent)', async () => {
    expect(await ensureTopics(brokers, [topic], PARTITIONS)).toEqual([topic]);
    expect(await ensureTopics(brokers, [topic], PARTITIONS)).toEqual([]);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0].partitions).toHaveLength(PARTITIONS);
  });

  it('resumes a consumer group exactly after the offsets committed by eachBatch', async () => {
    await producer.send({ topic, acks: -1, messages: messages(1, FIRST_BATCH) });

    // First consumer: resolves and commits messages 1..5 only. Within a partition offsets follow the
    // production order, so 1..5 form a prefix of every partition; at the first later message it
    // pauses that partition, as a monitor that stopped before making it durable.
    const first = consumerFor(kafka);
    consumers.push(first);
    const seenByFirst: Received[] = [];
    const committedByFirst = new Set<number>();
    await first.connect();
    await first.subscribe({ topic, fromBeginning: true });
    await first.run({
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets, isRunning, isStale, pause } = payload;
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          const received = decode(payload, message);
          seenByFirst.push(received);
          if (received.seq > COMMITTED) {
            pause();
            break;
          }
          resolveOffset(message.offset);
          committedByFirst.add(received.seq);
          await heartbeat();
        }
        await commitOffsetsIfNecessary(uncommittedOffsets());
      },
    });
    await waitFor('the first consumer to commit messages 1..5', () => committedByFirst.size === COMMITTED);

    // Where did each of 1..5 land? The committed offset of a partition is the count of them there.
    const expectedCommitted = new Map<number, number>();
    for (const r of seenByFirst.filter((m) => m.seq <= COMMITTED)) {
      expectedCommitted.set(r.partition, Math.max(expectedCommitted.get(r.partition) ?? 0, r.offset + 1));
    }
    // The last resolve may still be waiting for its commit: poll the group's offsets briefly.
    const committedOffsets = async () => {
      const [fetched] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return new Map(fetched.partitions.map((p) => [p.partition, Number(p.offset)]));
    };
    let committed = await committedOffsets();
    for (let attempt = 0; attempt < 50 && [...expectedCommitted].some(([p, o]) => committed.get(p) !== o); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      committed = await committedOffsets();
    }
    for (let partition = 0; partition < PARTITIONS; partition++) {
      // -1: nothing committed on that partition (none of 1..5 landed there).
      expect({ partition, offset: committed.get(partition) }).toEqual({ partition, offset: expectedCommitted.get(partition) ?? -1 });
    }

    // "Restart": the first consumer goes away with 6..10 delivered but not committed.
    await first.disconnect();
    consumers.splice(consumers.indexOf(first), 1);

    await producer.send({ topic, acks: -1, messages: messages(FIRST_BATCH + 1, FIRST_BATCH + SECOND_BATCH) });

    // Second consumer, same group: must start at the committed offsets.
    const second = consumerFor(kafka);
    consumers.push(second);
    const seenBySecond: Received[] = [];
    await second.connect();
    await second.subscribe({ topic, fromBeginning: true });
    await second.run({
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        for (const message of payload.batch.messages) {
          if (!payload.isRunning() || payload.isStale()) break;
          seenBySecond.push(decode(payload, message));
          payload.resolveOffset(message.offset);
        }
        await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
      },
    });
    const expectedSeqs = Array.from({ length: FIRST_BATCH + SECOND_BATCH - COMMITTED }, (_, i) => COMMITTED + 1 + i);
    await waitFor('the second consumer to receive messages 6..15', () => expectedSeqs.every((s) => seenBySecond.some((r) => r.seq === s)));
    await second.disconnect();
    consumers.splice(consumers.indexOf(second), 1);

    // Exactly 6..15, each once, nothing of 1..5.
    expect(seenBySecond.map((r) => r.seq).sort((a, b) => a - b)).toEqual(expectedSeqs);
    // Each partition resumed at its committed offset.
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const inPartition = seenBySecond.filter((r) => r.partition === partition);
      if (inPartition.length === 0) continue;
      expect({ partition, firstOffset: Math.min(...inPartition.map((r) => r.offset)) }).toEqual({
        partition,
        firstOffset: expectedCommitted.get(partition) ?? 0,
      });
    }
    // Keys kept their partition and their order.
    for (const key of new Set(seenBySecond.map((r) => r.key))) {
      const forKey = seenBySecond.filter((r) => r.key === key);
      expect(new Set(forKey.map((r) => r.partition)).size).toBe(1);
      expect(forKey.map((r) => r.seq)).toEqual([...forKey.map((r) => r.seq)].sort((a, b) => a - b));
    }
    // The group's final committed offsets cover everything produced.
    const final = await committedOffsets();
    const total = [...final.values()].filter((o) => o > 0).reduce((a, b) => a + b, 0);
    expect(total).toBe(FIRST_BATCH + SECOND_BATCH);
  });
});
