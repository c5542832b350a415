import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { mintToken } from '@vigil/auth';
import { appendEvents, StoreSubscription, toNewEvent } from '@vigil/event-store';
import { createDataSource, createScratchDatabase, ENV, loadConfig, migrate } from '@vigil/platform';
import { loadTrialRules, rebuildableReactions } from '@vigil/safety-rules';
import { BenchCohorts } from './bench-cohort';

/**
 * npm run bench:api — the API's list routes under an open-loop load on a grown store.
 *
 *   1. a scratch database with BENCH_API_EVENTS (default 100 000) simulated events, every reader caught up
 *      (rules, alerts, versions, feed, subjects, AE listing) as the monitor would have left it;
 *   2. the built API on it (dist/apps/api), as a DSMB member (unblinded) and as a sponsor (blinded);
 *   3. BENCH_API_RATE requests/s (default 200) for BENCH_API_SECONDS (default 30), spread over the list
 *      routes (alerts, AE listing, notification feed) and the three trials, through BENCH_API_CLIENTS
 *      (default 50) keep-alive connections. Open loop: a request is due at its slot whether or not earlier
 *      ones have answered, and its latency counts from that slot (waiting for a free connection included).
 *
 *   4. every BENCH_API_MOVE_MS (default 1000; 0 = never) during the load, every checkpoint moves, as the
 *      monitor's readers move theirs after each batch under ingest: the API's read cache (one rendering per
 *      read-model state) must render again, so the figure is that of a live store, not of a cache that never
 *      misses. The API's VIGIL_API_READ_CACHE_STALE_MS (inherited from this environment; default 0, strict) bounds
 *      how long it may answer the previous rendering while the new one runs: the bound is printed, and how
 *      many answers were stale.
 *
 * Prints p50/p95/p99 per route and overall. A benchmark, not a test: it fails only when requests fail.
 */
const EVENTS = Number(process.env.BENCH_API_EVENTS ?? 100_000);
const RATE = Number(process.env.BENCH_API_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 50);
const MOVE_MS = Number(process.env.BENCH_API_MOVE_MS ?? 1000);
const SECRET = 'bench-api-lists-secret-0123456789';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  // BENCH_API_STORE=<url of a store kept with BENCH_KEEP=1>: reuse it (e.g. to compare two builds of the API).
  const reuse = process.env.BENCH_API_STORE;
  const scratch = reuse ? undefined : await createScratchDatabase(loadConfig().databaseUrl, `api_lists_${randomBytes(3).toString('hex')}`);
  const storeUrl = reuse ?? scratch!.url;
  let api: ChildProcess | undefined;
  try {
    const trials = reuse ? await describeStore(storeUrl) : await buildStore(root, storeUrl);
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    // BENCH_API_ENTRY: another build of the API (e.g. the previous commit's dist) against the same store.
    api = await startApi(process.env.BENCH_API_ENTRY ?? path.join(root, 'dist/apps/api/src/main.js'), storeUrl, port);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const tokens = {
      dsmb: mintToken({ sub: 'bench-dsmb', role: 'dsmb', trials: ['*'] }, SECRET),
      sponsor: mintToken({ sub: 'bench-sponsor', role: 'sponsor', trials: ['*'] }, SECRET),
    };
    // BENCH_API_ROUTES=alerts,notifications: only those (default: every list route).
    const only = process.env.BENCH_API_ROUTES?.split(',').map((r) => r.trim());
    const routes = trials
      .flatMap((t) => [
        { name: 'alerts', path: `/api/trials/${t}/alerts` },
        { name: 'alerts?status=open', path: `/api/trials/${t}/alerts?status=open` },
        { name: 'adverse-events', path: `/api/trials/${t}/adverse-events` },
        { name: 'notifications', path: `/api/trials/${t}/notifications` },
      ])
      .filter((r) => !only || only.includes(r.name.split('?')[0]));
    // Warm-up (JIT, connection pool, plan cache), untimed.
    await openLoop(agent, port, routes, tokens, Math.min(RATE, 50), 3);
    const mover = await moveReadModels(storeUrl, MOVE_MS);
    const t0 = Date.now();
    const samples = await openLoop(agent, port, routes, tokens, RATE, SECONDS).finally(() => mover.stop());
    const elapsed = (Date.now() - t0) / 1000;
    console.log(
      MOVE_MS > 0
        ? `read models moved ${mover.moves()} times during the load (every checkpoint, every ${MOVE_MS} ms)`
        : 'read models still during the load',
    );
    const staleMs = loadConfig().apiReadCacheStaleMs;
    console.log(`read cache stale bound ${ENV.apiReadCacheStaleMs}=${staleMs}${staleMs === 0 ? ' (strict)' : ' ms'}`);
    report(samples, elapsed);
    agent.destroy();
    if (samples.some((s) => s.status !== 200)) throw new Error('some requests failed (see the status counts above)');
  } finally {
    api?.kill('SIGTERM');
    if (api) await new Promise((resolve) => api!.once('exit', resolve));
    if (process.env.BENCH_KEEP && scratch) console.log(`kept ${scratch.url}`);
    else await scratch?.drop();
  }
}

/** Appends the cohorts' events and runs every reader over them; returns the trial ids. */
async function buildStore(root: string, url: string): Promise<string[]> {
  const ds = createDataSource(url, 4);
  await ds.initialize();
  const t = Date.now();
  try {
    await migrate(ds);
    const cohorts = new BenchCohorts(root);
    const events = cohorts.take(EVENTS);
    for (let i = 0, offset = 0; i < events.length; i += 1000) {
      await ds.transaction((tx) =>
        appendEvents(
          tx,
          events.slice(i, i + 1000).map((e) => toNewEvent(e, { topic: 'x', partition: 0, offset: String(offset++) })),
        ),
      );
    }
    for (const reaction of rebuildableReactions(loadTrialRules(path.join(root, 'protocols')))) {
      await new StoreSubscription(ds, reaction, { pollIntervalMs: 10, batchSize: 1000 }).catchUp();
    }
    await ds.query('analyze');
  } finally {
    await ds.destroy();
  }
  console.log(`built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return describeStore(url);
}

async function describeStore(url: string): Promise<string[]> {
  const ds = createDataSource(url, 1);
  await ds.initialize();
  try {
    const [{ n }] = await ds.query(`select count(*)::int as n from events`);
    const counts: { trial_id: string; alerts: number }[] = await ds.query(
      `select trial_id, count(*)::int as alerts from alerts group by trial_id order by trial_id`,
    );
    const [{ feed }] = await ds.query(`select count(*)::int as feed from notifications`);
    console.log(`store: ${n} events, ${counts.map((c) => `${c.trial_id} ${c.alerts} alerts`).join(', ')}, ${feed} feed rows`);
    return counts.map((c) => c.trial_id);
  } finally {
    await ds.destroy();
  }
}

async function startApi(entry: string, databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [entry], {
    cwd: path.resolve(path.dirname(entry), '../../../..'),
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), AUTH_JWT_SECRET: SECRET, VIGIL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}) before answering`);
    const up = await new Promise<boolean>((resolve) => {
      http
        .get({ port, host: '127.0.0.1', path: '/health/live' }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the API did not answer /health/live within 60 s');
}

/** Touches every reader's checkpoint every `everyMs`, as a monitor under ingest does: to the API, every read model moved. */
async function moveReadModels(url: string, everyMs: number): Promise<{ stop(): Promise<void>; moves(): number }> {
  if (everyMs <= 0) return { stop: async () => undefined, moves: () => 0 };
  const ds = createDataSource(url, 1);
  await ds.initialize();
  let moves = 0;
  let moving: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    // One move at a time, and stop() waits for the last one before it closes the connection.
    moving = moving.then(() =>
      ds.query(`update checkpoints set updated_at = clock_timestamp()`).then(
        () => moves++,
        (e: unknown) => console.error(`the mover failed: ${e instanceof Error ? e.message : String(e)}`),
      ),
    );
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await moving;
      await ds.destroy();
    },
    moves: () => moves,
  };
}

interface Sample {
  route: string;
  ms: number;
  status: number;
  bytes: number;
  /** X-Vigil-Read-Cache: hit, miss or stale. */
  cache?: string;
  /** A request that got no answer: the socket error's code. */
  error?: string;
}

/** RATE requests/s for `seconds`, round-robin over routes × {dsmb, sponsor}; latency from each request's slot. */
async function openLoop(
  agent: http.Agent,
  port: number,
  routes: { name: string; path: string }[],
  tokens: { dsmb: string; sponsor: string },
  rate: number,
  seconds: number,
): Promise<Sample[]> {
  const total = Math.round(rate * seconds);
  const start = performance.now() + 50;
  const pending: Promise<Sample>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const route = routes[i % routes.length];
    const token = i % 2 === 0 ? tokens.dsmb : tokens.sponsor;
    pending.push(
      new Promise<Sample>((resolve) => {
        const req = http.get({ agent, port, host: '127.0.0.1', path: route.path, headers: { authorization: `Bearer ${token}` } }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          const cache = String(res.headers['x-vigil-read-cache'] ?? '');
          res.on('end', () => resolve({ route: route.name, ms: performance.now() - due, status: res.statusCode ?? 0, bytes, cache }));
        });
        req.on('error', (e: NodeJS.ErrnoException) =>
          resolve({ route: route.name, ms: performance.now() - due, status: 0, bytes: 0, error: e.code ?? e.message }),
        );
      }),
    );
  }
  return Promise.all(pending);
}

function report(samples: Sample[], elapsed: number): void {
  const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const line = (name: string, group: Sample[]) => {
    const ms = group.map((s) => s.ms).sort((a, b) => a - b);
    const kb = group.reduce((sum, s) => sum + s.bytes, 0) / group.length / 1024;
    console.log(
      `${name.padEnd(20)} ${String(group.length).padStart(6)} req  p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms  ` +
        `p95 ${pct(ms, 95).toFixed(1).padStart(7)} ms  p99 ${pct(ms, 99).toFixed(1).padStart(7)} ms  max ${ms[ms.length - 1].toFixed(0).padStart(5)} ms  ${kb.toFixed(1)} KiB/resp`,
    );
  };
  console.log(
    `\nAPI list routes: ${RATE} req/s offered for ${SECONDS} s through ${CLIENTS} connections (${(samples.length / elapsed).toFixed(0)} req/s done)`,
  );
  for (const name of [...new Set(samples.map((s) => s.route))])
    line(
      name,
      samples.filter((s) => s.route === name),
    );
  line('all', samples);
  const statuses = new Map<number, number>();
  for (const s of samples) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
  console.log(`statuses: ${[...statuses].map(([status, n]) => `${status}×${n}`).join(', ')}`);
  const errors = samples.filter((s) => s.error).map((s) => s.error!);
  if (errors.length > 0)
    console.log(`no answer: ${[...new Set(errors)].map((e) => `${e}×${errors.filter((x) => x === e).length}`).join(', ')}`);
  const caches = new Map<string, number>();
  for (const s of samples) caches.set(s.cache || 'none', (caches.get(s.cache || 'none') ?? 0) + 1);
  console.log(`read cache: ${[...caches].map(([cache, n]) => `${cache}×${n}`).join(', ')}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
