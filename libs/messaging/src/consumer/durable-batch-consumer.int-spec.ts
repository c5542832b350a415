import { randomUUID } from 'node:crypto';
import { Admin, Partitioners } from 'kafkajs';
import { createKafka } from '../kafka/kafka-client';
import { ensureTopics } from '../kafka/ensure-topics';
import { DurableBatchConsumer, ReceivedBatch } from './durable-batch-consumer';

/**
 * The durable consumer against the real broker: a big batch is handed over in bounded chunks with the
 * group kept alive while a slow handler works, and a failing handler (a database outage) makes it start a
 * fresh consumer with backoff instead of stopping for good; nothing is skipped, offsets follow durability.
 */
const brokers = (process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const kafka = createKafka(brokers, 'vigil-durable-consumer-test');
const created: string[] = [];
const consumers: DurableBatchConsumer[] = [];
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await admin.deleteTopics({ topics: created, timeout: 10_000 }).catch(() => undefined);
  await admin.disconnect();
});

async function topicWith(count: number): Promise<{ topic: string; groupId: string }> {
  const id = randomUUID().slice(0, 8);
  const topic = `vigil.durable-consumer.${id}`;
  created.push(topic);
  await ensureTopics(brokers, [topic], 1);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let from = 0; from < count; from += 1000) {
    const seqs = Array.from({ length: Math.min(1000, count - from) }, (_, i) => from + i);
    await producer.send({ topic, messages: seqs.map((seq) => ({ key: 'k', value: String(seq) })) });
  }
  await producer.disconnect();
  return { topic, groupId: `vigil-durable-consumer-${id}` };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function committed(groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Number(offsets.partitions[0].offset);
}

const seqsOf = (batch: ReceivedBatch) => batch.messages.map((m) => Number(m.value!.toString()));

it('hands a big batch over in bounded chunks, committing each, and a slow handler never costs the membership', async () => {
  const { topic, groupId } = await topicWith(3000);
  const chunks: number[][] = [];
  const consumer = new DurableBatchConsumer(
    kafka,
    { groupId, topics: [topic], sessionTimeoutMs: 6_000, chunkBounds: { maxMessages: 200, maxBatchMs: 2_000 } },
    async (batch) => {
      chunks.push(seqsOf(batch));
      // 2.5 ms a message: the whole fetched batch in one go would take longer than the 6 s session.
      await new Promise((resolve) => setTimeout(resolve, batch.messages.length * 2.5));
    },
  );
  consumers.push(consumer);
  await consumer.start();
  await until('every message handled', () => chunks.flat().length >= 3000, 90_000);
  await until('the last offset committed', async () => (await committed(groupId, topic)) === 3000);

  expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(200);
  expect(chunks.flat()).toEqual(Array.from({ length: 3000 }, (_, i) => i)); // in order, none twice, none skipped
  expect(consumer.status).toMatchObject({ state: 'running', restarts: 0 });
  expect(consumer.status.lastBatchAt).toBeInstanceOf(Date);
});

it('answers a failing handler with a fresh consumer after a backoff, and commits nothing it did not make durable', async () => {
  const { topic, groupId } = await topicWith(50);
  let failuresLeft = 4;
  const durable: number[] = [];
  const consumer = new DurableBatchConsumer(
    kafka,
    { groupId, topics: [topic], sessionTimeoutMs: 6_000, backoff: { initialMs: 200, maxMs: 1_000 }, retries: 1 },
    async (batch) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('database is down');
      }
      durable.push(...seqsOf(batch));
    },
  );
  consumers.push(consumer);
  // kafkajs retries the failing batch once, then crashes; each crash must bring a fresh consumer.
  await consumer.start();
  await until('every message durable after the outage', () => new Set(durable).size === 50, 90_000);
  await until('the last offset committed', async () => (await committed(groupId, topic)) === 50);
  expect([...new Set(durable)].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(consumer.status).toMatchObject({ state: 'running', lastError: expect.stringMatching(/database is down/) });
  expect(consumer.status.restarts).toBeGreaterThanOrEqual(1);
});
