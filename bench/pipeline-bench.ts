import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { TopicNames } from '@vigil/contracts';
import { ensureTopics } from '@vigil/messaging';
import { createScratchDatabase, loadConfig, migrateDatabase } from '@vigil/platform';
import { BenchCohorts } from './bench-cohort';
import { cpuCells, CpuUse, cpuUse, describeCpu, readCpu } from './cpu-use';
import { deleteTopics, publishAll, waitUntil } from './bench-kafka';
import { DrainWatch, MonitorUnderTest } from './monitor-under-test';
import { LatencyResult, latencyStages, openLoopLatency, percentile } from './open-loop-latency';
import { rawPipeline } from './raw-baseline';
import { StorageCost, storageCost, tableSizes } from './storage-cost';

/**
 * npm run bench: the monitor end to end (Kafka → store → rules → read models → outbox → Kafka) beside a
 * raw pipeline measured in the same run over the same messages (see raw-baseline.ts):
 *   1. throughput on an empty store, then on a store grown to BENCH_GROW_TO input events;
 *   2. alert latency at fixed offered rates, open loop, on both stores;
 *   3. with BENCH_REBUILD (default 1; 0 skips it), the last rate again on the last store while `vigil rebuild`
 *      replays every read model beside it (`--duty-cycle` BENCH_REBUILD_DUTY, default 0.25): alert latency
 *      during a rebuild against the same rate without one;
 *   4. the monitor's peak RSS over the whole run, and bytes per stored event across every table.
 * A benchmark, not a test: it prints figures and targets, and fails only when the pipeline breaks.
 */
const ROOT = path.resolve(__dirname, '../..');
const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const GROW_TO = Number(process.env.BENCH_GROW_TO ?? 160_000);
const PROBES = Number(process.env.BENCH_PROBES ?? 600);
const RATES = (process.env.BENCH_RATES ?? '200,1000')
  .split(',')
  .map(Number)
  .filter((r) => r > 0);
const REBUILD = process.env.BENCH_REBUILD !== '0';
/** `vigil rebuild --duty-cycle` for the rebuild beside the load. */
const REBUILD_DUTY = process.env.BENCH_REBUILD_DUTY ?? '0.25';
/** `vigil rebuild --batch-size`: events per replay transaction (shorter bursts beside the load). */
const REBUILD_BATCH = process.env.BENCH_REBUILD_BATCH ?? '1000';

type Latency = LatencyResult & { store: string; cpu: CpuUse };

interface Phase {
  label: string;
  storeBefore: number;
  events: number;
  raw: number;
  vigil: number;
  cpu: CpuUse;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const brokers = config.kafkaBrokers;
  const runId = `bench-${randomBytes(3).toString('hex')}`;
  const topics: TopicNames = {
    visits: `${runId}.visits`,
    adverseEvents: `${runId}.aes`,
    deadLetter: `${runId}.dlq`,
    notifications: `${runId}.notifications`,
  };
  await ensureTopics(brokers, Object.values(topics), 6);
  const scratch = await createScratchDatabase(config.databaseUrl, runId.replace(/-/g, '_'));
  await migrateDatabase(scratch.url); // as the owner: the monitor connects as vigil_monitor and does not migrate
  const db = new Client({ connectionString: scratch.url });
  await db.connect();
  const group = `${runId}-monitor`;
  const monitor = new MonitorUnderTest(ROOT, {
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: scratch.url,
    VIGIL_CONSUMER_GROUP: group,
    VIGIL_TOPIC_VISITS: topics.visits,
    VIGIL_TOPIC_ADVERSE_EVENTS: topics.adverseEvents,
    VIGIL_TOPIC_DEAD_LETTER: topics.deadLetter,
    VIGIL_TOPIC_NOTIFICATIONS: topics.notifications,
    VIGIL_MONITOR_PORT: '0',
  });
  const watch = new DrainWatch(brokers, db, group, topics);
  const cohorts = new BenchCohorts(ROOT);
  const phases: Phase[] = [];
  const latencies: Latency[] = [];
  let published = 0;
  console.log(
    `bench ${runId}: ${N} events per throughput phase, store grown to ${GROW_TO} input events, ${PROBES} probes per rate (${RATES.join(', ')} events/s), 6 partitions`,
  );
  try {
    await monitor.start();
    const empty = await tableSizes(db);

    const throughput = async (label: string) => {
      const events = cohorts.take(N);
      const raw = await rawPipeline(brokers, scratch.url, topics, events);
      const started = Date.now();
      const cpuBefore = readCpu(monitor.pid);
      await publishAll(brokers, topics, events);
      await waitUntil(() => watch.drained(), 900_000, 100);
      const vigil = events.length / ((Date.now() - started) / 1000);
      const cpu = cpuUse(cpuBefore, readCpu(monitor.pid), events.length);
      phases.push({ label, storeBefore: published, events: events.length, raw, vigil, cpu });
      published += events.length;
      console.log(
        `  ${label}: Vigil ${vigil.toFixed(0)} events/s, raw pipeline ${raw.toFixed(0)} events/s (ratio ${(vigil / raw).toFixed(2)}), RSS peak ${monitor.peakRssMb.toFixed(0)} MB; ${describeCpu(cpu)}`,
      );
    };
    const latency = async (store: string, rates = RATES) => {
      for (const rate of rates) {
        const background = cohorts.take(Math.ceil(rate * 40));
        const cpuBefore = readCpu(monitor.pid);
        const result = await openLoopLatency(brokers, topics, background, { rate, probes: PROBES, runId: `${runId}-${store}-${rate}` });
        const cpu = cpuUse(cpuBefore, readCpu(monitor.pid), result.offered);
        await waitUntil(() => watch.drained(), 900_000, 200);
        published += result.offered;
        const stages = await latencyStages(db, `${runId}-${store}-${rate}`);
        latencies.push({ ...result, store, stages, cpu });
        console.log(
          `  latency ${store} store @ ${rate}/s: p50 ${percentile(result.latencies, 50)} ms, p99 ${percentile(result.latencies, 99)} ms, ${result.arrived}/${result.probes} probes;` +
            ` p50/p99 ms to ingest tx ${stages?.stored.join('/')}, to rules tx ${stages?.judged.join('/')}${stages?.relayed ? `, to relay tx ${stages.relayed.join('/')}` : ''}` +
            (stages ? `; clock ticks meanwhile ${stages.ticks.ticks} (alerts they raised: ${stages.ticks.raised})` : '') +
            `; ${describeCpu(cpu)}`,
        );
      }
    };

    await throughput('empty store');
    await latency('empty');
    if (GROW_TO > published) {
      const started = Date.now();
      const grow = GROW_TO - published;
      for (let left = grow; left > 0; left -= 20_000) await publishAll(brokers, topics, cohorts.take(Math.min(20_000, left)));
      await waitUntil(() => watch.drained(), 1_800_000, 500);
      published += grow;
      console.log(`  grew the store by ${grow} input events at ${(grow / ((Date.now() - started) / 1000)).toFixed(0)} events/s`);
      await throughput(`grown store (${published} input events)`);
      await latency('grown');
    }
    if (REBUILD && RATES.length) {
      const store = GROW_TO > N ? 'grown' : 'empty';
      const rebuild = spawnRebuild(scratch.url);
      await latency(`${store}, rebuilding (duty ${REBUILD_DUTY}, batch ${REBUILD_BATCH})`, [RATES[RATES.length - 1]]);
      const seconds = await rebuild;
      console.log(`  vigil rebuild (every read model) beside it: ${seconds.toFixed(1)} s`);
    }
    const storage = await storageCost(db, empty);
    report(phases, latencies, monitor.peakRssMb, storage, runId);
  } finally {
    monitor.stop();
    await watch.close();
    await db.end();
    // BENCH_KEEP=1 leaves the database for a look with psql (per probe: events with ids '<run>-probe-%').
    if (process.env.BENCH_KEEP) console.log(`kept ${scratch.url}`);
    else await scratch.drop();
    await deleteTopics(brokers, [...Object.values(topics), `${topics.visits}-raw`, `${topics.adverseEvents}-raw`]);
  }
}

/** `vigil rebuild` (every read model) as an operator runs it; resolves with its duration in seconds. */
function spawnRebuild(databaseUrl: string): Promise<number> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'dist/apps/cli/src/main.js'), 'rebuild', '--duty-cycle', REBUILD_DUTY, '--batch-size', REBUILD_BATCH],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, VIGIL_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve((Date.now() - started) / 1000) : reject(new Error(`vigil rebuild exited ${code}`)))),
  );
}

function report(phases: Phase[], latencies: Latency[], peakRss: number, storage: StorageCost, runId: string): void {
  const line = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' ');
  const w = [34, 12, 12, 10, 22, 18, 12];
  console.log(
    `\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  console.log('\nthroughput (end to end: stored, judged, read models, notification published)');
  console.log(line(['phase', 'Vigil ev/s', 'raw ev/s', 'ratio', 'target', 'monitor CPU ms/1k', 'machine busy'], w));
  for (const p of phases)
    console.log(line([p.label, p.vigil.toFixed(0), p.raw.toFixed(0), (p.vigil / p.raw).toFixed(2), '≥ 0.50 × raw', ...cpuCells(p.cpu)], w));
  if (phases.length > 1) {
    const [first, last] = [phases[0], phases[phases.length - 1]];
    console.log(line(['grown / empty (Vigil)', '', '', (last.vigil / first.vigil).toFixed(2), '≥ 0.80'], w));
  }
  console.log('\nalert latency, SAE produced → alert.raised on the notification topic (open loop)');
  const lw = [24, 10, 10, 10, 10, 14, 14, 22, 18, 12];
  console.log(
    line(
      [
        'store @ offered rate',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'probes',
        'target p99',
        'ticks (alerts raised)',
        'monitor CPU ms/1k',
        'machine busy',
      ],
      lw,
    ),
  );
  for (const l of latencies) {
    const pct = (p: number) => percentile(l.latencies, p);
    console.log(
      line(
        [
          `${l.store} @ ${l.rate}/s (${l.achievedRate.toFixed(0)})`,
          pct(50),
          pct(95),
          pct(99),
          l.latencies[l.latencies.length - 1] ?? '-',
          `${l.arrived}/${l.probes}`,
          l.rate >= 1000 ? '≤ 100 ms' : '',
          l.stages ? `${l.stages.ticks.ticks} (${l.stages.ticks.raised})` : '-',
          ...cpuCells(l.cpu),
        ],
        lw,
      ),
    );
  }
  console.log(`\nmonitor peak RSS over the whole run: ${peakRss.toFixed(0)} MB (target ≤ 256 MB)`);
  console.log(
    `storage: ${storage.bytesPerEvent.toFixed(0)} bytes per stored event (${storage.events} events, every table with its indexes)`,
  );
  for (const t of storage.byTable.filter((t) => t.bytes > 0))
    console.log(`  ${t.table.padEnd(20)} ${(t.bytes / storage.events).toFixed(0).padStart(6)} B/event`);
  const out = path.join(ROOT, '.vigil', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'last.json'),
    JSON.stringify(
      {
        runId,
        phases,
        latencies: latencies.map(({ latencies: l, ...rest }) => ({
          ...rest,
          p50: percentile(l, 50),
          p95: percentile(l, 95),
          p99: percentile(l, 99),
        })),
        peakRss,
        storage,
      },
      null,
      2,
    ),
  );
  const missing = latencies.reduce((n, l) => n + l.probes - l.arrived, 0);
  if (missing > 0) {
    console.error(`\nbench: ${missing} probe(s) were never notified`);
    process.exitCode = 2;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
