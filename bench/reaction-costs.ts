import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { appendEvents, StoreSubscription, toNewEvent } from '@vigil/event-store';
import { createDataSource, createScratchDatabase, loadConfig, migrate } from '@vigil/platform';
import { rebuildableReactions } from '../apps/monitor/src/evaluate-safety-rules/rebuildable-reactions';
import { loadTrialRules } from '../apps/monitor/src/evaluate-safety-rules/trial-rules';
import { BenchCohorts } from './bench-cohort';

const timings = new Map<string, { n: number; ms: number }>();
if (process.env.BENCH_SQL_TIMING) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- pg is patched only when BENCH_SQL_TIMING asks for it
  const pg = require('pg');
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '?';
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
 * time go? (BENCH_EVENTS, BENCH_PAGE, BENCH_SQL_TIMING=1 for time per statement.) One by one means the rules
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
    const events = new BenchCohorts(root).take(n);
    let t = Date.now();
    for (let i = 0; i < events.length; i += 500) {
      await ds.transaction((tx) => appendEvents(tx, events.slice(i, i + 500).map((e, k) => toNewEvent(e, { topic: 'x', partition: 0, offset: String(i + k) }))));
    }
    console.log(`append ${n}: ${Date.now() - t} ms`);
    timings.clear();
    for (const reaction of rebuildableReactions(loadTrialRules(path.join(root, 'protocols')))) {
      t = Date.now();
      await new StoreSubscription(ds, reaction, { pollIntervalMs: 10, batchSize: Number(process.env.BENCH_PAGE ?? 500) }).catchUp();
      console.log(`${reaction.name.padEnd(16)} ${String(Date.now() - t).padStart(6)} ms`);
      for (const [sql, v] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6)) console.log(`    ${v.ms.toFixed(0).padStart(6)} ms ${String(v.n).padStart(5)}× ${sql}`);
      timings.clear();
    }
  } finally {
    await ds.destroy();
    // BENCH_KEEP=1 leaves the database for a look with psql.
    if (process.env.BENCH_KEEP) console.log(`kept ${scratch.url}`);
    else await scratch.drop();
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
