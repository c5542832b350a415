import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { ensureTopics, createKafka } from '@vigil/messaging';
import { createScratchDatabase, loadConfig } from '@vigil/platform';
import { probeEvent } from './bench-cohort';
import { MonitorUnderTest } from './monitor-under-test';

async function main() {
  const config = loadConfig();
  const runId = `dbg-${randomBytes(3).toString('hex')}`;
  const topics = { visits: `${runId}.visits`, adverseEvents: `${runId}.aes`, deadLetter: `${runId}.dlq`, notifications: `${runId}.notifications` };
  await ensureTopics(config.kafkaBrokers, Object.values(topics), 6);
  const scratch = await createScratchDatabase(config.databaseUrl, runId.replace(/-/g, '_'));
  const monitor = new MonitorUnderTest(path.resolve(__dirname, '../..'), { KAFKA_BROKERS: config.kafkaBrokers.join(','), DATABASE_URL: scratch.url, VIGIL_CONSUMER_GROUP: runId,
    VIGIL_TOPIC_VISITS: topics.visits, VIGIL_TOPIC_ADVERSE_EVENTS: topics.adverseEvents, VIGIL_TOPIC_DEAD_LETTER: topics.deadLetter, VIGIL_TOPIC_NOTIFICATIONS: topics.notifications });
  await monitor.start();
  const kafka = createKafka(config.kafkaBrokers, 'dbg');
  const arrivals = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `${runId}-p`, maxWaitTimeInMs: 20 });
  await consumer.connect(); await consumer.subscribe({ topic: topics.notifications, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { const e = JSON.parse(message.value!.toString()); arrivals.set(e.data.aeId, Date.now()); } });
  await new Promise((r) => setTimeout(r, 3000));
  const producer = kafka.producer(); await producer.connect();
  const sent = new Map<string, number>();
  for (let i = 0; i < 20; i++) {
    const at = Date.now(); const e = probeEvent(runId, i, at); sent.set(`${runId}-AE-${i}`, at);
    await producer.send({ topic: topics.adverseEvents, acks: -1, messages: [{ key: e.subject, value: JSON.stringify(e) }] });
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 2000));
  const db = new Client({ connectionString: scratch.url }); await db.connect();
  const { rows } = await db.query(`select i.data->>'aeId' as ae, extract(epoch from i.recorded_at)*1000 as stored, extract(epoch from a.recorded_at)*1000 as alerted
     from events i join events a on a.type = 'alert.raised' and a.data->'view'->>'aeId' = i.data->>'aeId' where i.type = 'adverse-event.reported'`);
  for (const r of rows) { const s = sent.get(r.ae)!; console.log(`${r.ae}: ingest tx start +${(r.stored - s).toFixed(0)} rules tx start +${(r.alerted - s).toFixed(0)} notified +${(arrivals.get(r.ae)! - s)}`); }
  await db.end(); await producer.disconnect(); await consumer.disconnect(); monitor.stop(); await scratch.drop();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
