import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { InputEvent, INPUT_EVENT_TYPES } from '@vigil/contracts';
import { createKafka, ensureTopics } from '@vigil/messaging';
import { createScratchDatabase, loadConfig, loadProtocols } from '@vigil/platform';
import { generateTrial } from '../apps/cli/src/simulate/generate-trial';
import { demoInjectionsFor } from '../apps/cli/src/simulate/injections';

/**
 * npm run bench: the monitor's end-to-end throughput (Kafka → store → rules → read models → outbox →
 * Kafka), alert latency and memory, printed beside a baseline measured in the same run on the same
 * machine: the same messages through a bare kafkajs consumer group that does nothing with them.
 */
const ROOT = path.resolve(__dirname, '../..');
const FACTOR = Number(process.env.BENCH_FACTOR ?? 4);
const PROBES = Number(process.env.BENCH_LATENCY_PROBES ?? 20);

async function main(): Promise<void> {
  const config = loadConfig();
  const id = `bench-${randomBytes(3).toString('hex')}`;
  const topics = { visits: `${id}.visits`, adverseEvents: `${id}.aes`, deadLetter: `${id}.dlq`, notifications: `${id}.notifications` };
  await ensureTopics(config.kafkaBrokers, Object.values(topics), 6);
  const events = cohort();
  console.log(`bench ${id}: ${events.length} events (3 simulated trials × ${FACTOR}), 6 partitions, ${PROBES} latency probes`);

  const baseline = await kafkaOnly(config.kafkaBrokers, topics, events);
  const db = await createDatabase(config.databaseUrl, id);
  const monitor = startMonitor(config.kafkaBrokers, db.url, topics, id);
  try {
    await waitForLine(monitor, /consuming/, 60_000);
    const rssBefore = rssMb(monitor.pid!);
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(monitor.pid!))), 200);
    const started = Date.now();
    await publish(config.kafkaBrokers, topics, events);
    await waitUntil(() => drained(db.client, events.length), 600_000);
    const seconds = (Date.now() - started) / 1000;
    const latencies = await alertLatency(config.kafkaBrokers, topics);
    clearInterval(sampler);
    report(events.length, baseline, seconds, latencies, rssBefore, peakRss);
  } finally {
    monitor.kill('SIGTERM');
    await db.drop();
    await deleteTopics(config.kafkaBrokers, [...Object.values(topics), `${topics.visits}-baseline`, `${topics.adverseEvents}-baseline`]);
  }
}

function cohort(): InputEvent[] {
  const protocols = loadProtocols(path.join(ROOT, 'protocols'));
  const all: InputEvent[] = [];
  for (let copy = 0; copy < FACTOR; copy++) {
    for (const protocol of protocols.values()) {
      const events = generateTrial(protocol, { subjects: protocol.targetEnrollment ?? 10, seed: 1000 + copy, startDate: '2020-01-06', injections: demoInjectionsFor(protocol.trialId) });
      // Copies are distinct subjects and events: suffix ids so nothing is de-duplicated away.
      all.push(...events.map((e) => ({ ...e, id: `${e.id}-c${copy}`, subject: `${e.subject}-c${copy}`, data: rename(e.data, copy) }) as InputEvent));
    }
  }
  return all;
}

function rename(data: unknown, copy: number): unknown {
  const d = data as { aeId?: string };
  return d.aeId ? { ...d, aeId: `${d.aeId}-c${copy}` } : data;
}

const isAe = (e: InputEvent) => e.type.startsWith('adverse-event');

async function publish(brokers: string[], topics: { visits: string; adverseEvents: string }, events: InputEvent[]): Promise<void> {
  const producer = createKafka(brokers, 'vigil-bench').producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [
        { topic: topics.visits, messages: chunk.filter((e) => !isAe(e)).map((e) => ({ key: e.subject, value: JSON.stringify(e) })) },
        { topic: topics.adverseEvents, messages: chunk.filter(isAe).map((e) => ({ key: e.subject, value: JSON.stringify(e) })) },
      ].filter((t) => t.messages.length > 0),
    });
  }
  await producer.disconnect();
}

/** Baseline: the same messages through a consumer group that only counts them. */
async function kafkaOnly(brokers: string[], topics: { visits: string; adverseEvents: string }, events: InputEvent[]): Promise<number> {
  const kafka = createKafka(brokers, 'vigil-bench-baseline');
  const base = { visits: `${topics.visits}-baseline`, adverseEvents: `${topics.adverseEvents}-baseline` };
  await ensureTopics(brokers, Object.values(base), 6);
  const consumer = kafka.consumer({ groupId: `${topics.visits}-baseline`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(base), fromBeginning: true });
  let seen = 0;
  await consumer.run({ eachBatch: async ({ batch }) => void (seen += batch.messages.length) });
  await new Promise((r) => setTimeout(r, 3000)); // let the group form before timing
  const started = Date.now();
  await publish(brokers, base, events);
  await waitUntil(async () => seen >= events.length, 300_000);
  const seconds = (Date.now() - started) / 1000;
  await consumer.disconnect();
  return events.length / seconds;
}

async function drained(client: Client, expected: number): Promise<boolean> {
  const { rows } = await client.query(
    `select (select count(*)::int from events where type = any($1)) as stored,
            (select count(*)::int from events e join checkpoints c on c.name = 'safety-rules'
               where (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position) and e.type = any($1)) as rules,
            (select count(*)::int from outbox where published_at is null) as outbox`,
    [[...INPUT_EVENT_TYPES]],
  );
  return rows[0].stored >= expected && rows[0].rules === 0 && rows[0].outbox === 0;
}

/** From producing an SAE to its alert.raised notification arriving on the notification topic. */
async function alertLatency(brokers: string[], topics: { visits: string; adverseEvents: string; notifications: string }): Promise<number[]> {
  const kafka = createKafka(brokers, 'vigil-bench-latency');
  const consumer = kafka.consumer({ groupId: `${topics.notifications}-probe`, maxWaitTimeInMs: 50 });
  const arrived = new Map<string, number>();
  await consumer.connect();
  await consumer.subscribe({ topic: topics.notifications, fromBeginning: false });
  await consumer.run({ eachMessage: async ({ message }) => {
    const data = JSON.parse(message.value!.toString()).data as { aeId?: string };
    if (data.aeId?.startsWith('PROBE-')) arrived.set(data.aeId, Date.now());
  } });
  await new Promise((r) => setTimeout(r, 3000));
  const producer = kafka.producer();
  await producer.connect();
  const latencies: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const aeId = `PROBE-${i}`;
    const sentAt = Date.now();
    await producer.send({ topic: topics.adverseEvents, acks: -1, messages: [{ key: `PROBE-S${i}`, value: JSON.stringify({
      specversion: '1.0', id: `probe-${i}-${sentAt}`, source: 'bench', type: 'adverse-event.reported', subject: `PROBE-S${i}`,
      time: new Date(sentAt).toISOString(), trialid: 'NCT04410731',
      data: { aeId, version: 1, term: 'Pneumonia', onsetDate: '2021-03-01', endDate: null, grade: 2, serious: true,
        seriousCriteria: ['hospitalization'], causality: 'unlikely', expectedness: 'expected', outcome: 'recovering' },
    }) }] });
    await waitUntil(async () => arrived.has(aeId), 30_000);
    latencies.push((arrived.get(aeId) as number) - sentAt);
  }
  await producer.disconnect();
  await consumer.disconnect();
  return latencies.sort((a, b) => a - b);
}

function report(n: number, baseline: number, seconds: number, latencies: number[], rssBefore: number, peakRss: number): void {
  const throughput = n / seconds;
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log('');
  console.log('                                   events/s   vs baseline');
  console.log(`baseline: Kafka only (no work)    ${baseline.toFixed(0).padStart(8)}   1.00`);
  console.log(`Vigil: ingest → rules → outbox    ${throughput.toFixed(0).padStart(8)}   ${(throughput / baseline).toFixed(2)}`);
  console.log('');
  console.log(`alert latency (SAE produced → alert.raised on the notification topic), ${latencies.length} probes:`);
  console.log(`  p50 ${pct(50)} ms   p95 ${pct(95)} ms   max ${latencies[latencies.length - 1]} ms`);
  console.log(`monitor memory (RSS): ${rssBefore.toFixed(0)} MB idle, ${peakRss.toFixed(0)} MB peak while processing ${n} events`);
}

function startMonitor(brokers: string[], databaseUrl: string, topics: Record<string, string>, id: string) {
  return spawn(process.execPath, [path.join(ROOT, 'dist/apps/monitor/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env, KAFKA_BROKERS: brokers.join(','), DATABASE_URL: databaseUrl, VIGIL_CONSUMER_GROUP: id,
      VIGIL_TOPIC_VISITS: topics.visits, VIGIL_TOPIC_ADVERSE_EVENTS: topics.adverseEvents,
      VIGIL_TOPIC_DEAD_LETTER: topics.deadLetter, VIGIL_TOPIC_NOTIFICATIONS: topics.notifications, VIGIL_POLL_INTERVAL_MS: '50',
      VIGIL_MONITOR_PORT: '0', // no health server: never collides with a running stack
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function waitForLine(child: ReturnType<typeof spawn>, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`monitor not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`monitor exited (${code}):\n${output}`)));
  });
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function deleteTopics(brokers: string[], names: string[]): Promise<void> {
  const admin = createKafka(brokers, 'vigil-bench').admin();
  await admin.connect();
  await admin.deleteTopics({ topics: names }).catch(() => undefined);
  await admin.disconnect();
}

async function createDatabase(serverUrl: string, id: string) {
  const scratch = await createScratchDatabase(serverUrl, `vigil_${id.replace(/-/g, '_')}`);
  const client = new Client({ connectionString: scratch.url });
  await client.connect();
  return {
    url: scratch.url,
    client,
    async drop() {
      await client.end();
      await scratch.drop();
    },
  };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
