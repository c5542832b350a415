import { InputEvent, parseInputMessage } from '@vigil/contracts';
import { createKafka, ensureTopics } from '@vigil/messaging';
import { loadProtocols } from '@vigil/platform';
import { generateTrial } from '@vigil/simulation';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { publishEvents } from './publish-events';

/** The simulator against the real broker: everything arrives, on the right topic, keyed and in subject order. */
const brokers = (process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const run = randomUUID().slice(0, 8);
const CELLKINE = loadProtocols(resolve(__dirname, '../../../../protocols')).get('NCT04410731')!;
const topics = { visits: `vigil.sim-visits.${run}`, adverseEvents: `vigil.sim-aes.${run}` };

afterAll(async () => {
  const admin = createKafka(brokers, `vigil-sim-test-${run}`).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(topics) }).finally(() => admin.disconnect());
});

it('publishes a simulated trial that a consumer reads back intact', async () => {
  const events = generateTrial(CELLKINE, { subjects: 4, seed: 5, startDate: '2020-09-02', injections: ['sae', 'escalation', 'nullified'] });
  await ensureTopics(brokers, Object.values(topics), 3);
  const counts = await publishEvents(events, { brokers, topics, batchSize: 25 });
  expect(counts.total).toBe(events.length);

  const received: Array<{ topic: string; key: string; event: InputEvent }> = [];
  const consumer = createKafka(brokers, `vigil-sim-test-${run}`).consumer({ groupId: `vigil-sim-test-${run}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: Object.values(topics), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const parsed = parseInputMessage(message.value, topic === topics.visits ? 'visits' : 'adverseEvents');
        if (!parsed.ok) throw new Error(parsed.reason);
        received.push({ topic, key: message.key!.toString(), event: parsed.event });
      },
    });
    const deadline = Date.now() + 60_000;
    while (received.length < events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  } finally {
    await consumer.disconnect();
  }

  expect(received).toHaveLength(events.length);
  expect(received.every((r) => r.key === r.event.subject)).toBe(true);
  for (const subject of new Set(events.map((e) => e.subject))) {
    for (const topic of Object.values(topics)) {
      const ids = (list: Array<{ topic: string; event: InputEvent }>) =>
        list.filter((r) => r.topic === topic && r.event.subject === subject).map((r) => r.event.id);
      expect(ids(received)).toEqual(
        ids(events.map((event) => ({ event, topic: event.type.startsWith('adverse-event.') ? topics.adverseEvents : topics.visits }))),
      );
    }
  }
});
