import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { appendEvents, StoreSubscription, toNewEvent } from '@vigil/event-store';
import { createDataSource, createScratchDatabase, loadConfig, migrate } from '@vigil/platform';
import { loadTrialRules, rebuildableReactions } from '@vigil/safety-rules';
import { BenchCohorts } from './bench-cohort';

const timings = new Map<string, { n: number; ms: number }>();
if (process.env.BENCH_SQL_TIMING) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- pg is patched only when BENCH_SQL_TIMING asks for it
  const pg = require('pg');
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').slice(0, 90);
    const started = process.hrtime.bigint();
    const result = original.apply(this, args);
    const done = () => {
      const t = timings.get(key) ?? { n: 0, ms: 0 };
      t.n += 1;
      t.ms += Number(process.hrtime.bigint() - started) / 1e6;
      timings.set(key, t);
    };
    if (result && typeof result.then === 'function') result.then(done, done);
    return result;
  };
}

/**
 * Profiling aid: the store's readers one by one over the same events, without Kafka: where does a reader's
 * time go? (BENCH_EVENTS, BENCH_GROWN, BENCH_PAGE, BENCH_SQL_TIMING=1 for time per statement.) One by one means the rules
 * run before any read model exists, so they fold alerts from their streams: not the live interleaving.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const n = Number(process.env.BENCH_EVENTS ?? 20_000);
  const scratch = await createScratchDatabase(loadConfig().databaseUrl, `costs_${randomBytes(3).toString('hex')}`);
  const ds = createDataSource(scratch.url, 4);
  await ds.initialize();
  try {
    await migrate(ds);
    const cohorts = new BenchCohorts(root);
    const reactions = rebuildableReactions(loadTrialRules(path.join(root, 'protocols')));
    const page = Number(process.env.BENCH_PAGE ?? 500);
    let offset = 0;
    const append = async (count: number) => {
      const events = cohorts.take(count);
      for (let i = 0; i < events.length; i += 500) {
        await ds.transaction((tx) =>
          appendEvents(
            tx,
            events.slice(i, i + 500).map((e) => toNewEvent(e, { topic: 'x', partition: 0, offset: String(offset++) })),
          ),
        );
      }
    };
    // BENCH_GROWN=N: first N events are stored and read by every reader, untimed; then the timed events
    // meet a grown store and read models that already hold the trials' subjects and alerts.
    const grown = Number(process.env.BENCH_GROWN ?? 0);
    if (grown > 0) {
      const t = Date.now();
      await append(grown);
      for (const reaction of reactions) await new StoreSubscription(ds, reaction, { pollIntervalMs: 10, batchSize: page }).catchUp();
      console.log(`grown store: ${grown} events stored and read in ${Date.now() - t} ms`);
    }
    let t = Date.now();
    await append(n);
    // As autovacuum would have by now on a live store: without statistics the planner scans whole tables.
    await ds.query('analyze');
    console.log(`append ${n}: ${Date.now() - t} ms`);
    timings.clear();
    // BENCH_CPU_PROFILE=file.cpuprofile: a CPU profile of the timed readers only (open it in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROFILE ? new Session() : undefined;
    if (profile) {
      profile.connect();
      await profile.post('Profiler.enable');
      await profile.post('Profiler.start');
    }
    for (const reaction of reactions) {
      t = Date.now();
      await new StoreSubscription(ds, reaction, { pollIntervalMs: 10, batchSize: page }).catchUp();
      console.log(`${reaction.name.padEnd(16)} ${String(Date.now() - t).padStart(6)} ms`);
      for (const [sql, v] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6))
        console.log(`    ${v.ms.toFixed(0).padStart(6)} ms ${String(v.n).padStart(5)}× ${sql}`);
      timings.clear();
    }
    if (profile) writeFileSync(process.env.BENCH_CPU_PROFILE as string, JSON.stringify((await profile.post('Profiler.stop')).profile));
  } finally {
    await ds.destroy();
    // BENCH_KEEP=1 leaves the database for a look with psql.
    if (process.env.BENCH_KEEP) console.log(`kept ${scratch.url}`);
    else await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
