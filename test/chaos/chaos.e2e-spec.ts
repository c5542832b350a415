import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InputEvent, VISIT_EVENT_TYPES } from '@vigil/contracts';
import { loadProtocols } from '@vigil/platform';
import { demoInjectionsFor, generateTrial } from '@vigil/simulation';
import { alertStreamId } from '@vigil/safety-domain';
import { REPO_ROOT } from '../support/app-process';
import { withdrawnInOneRunOnly } from '../support/one-run-withdrawals';
import { Collector, E2eRun, InputRole, OutgoingMessage, useE2eRun } from '../support/e2e-harness';

/**
 * The fault-injection suite (`npm run chaos`; a small size runs in `npm test`). The same input — simulated
 * trials plus a flood of malformed messages of every dead-letter class, oversized ones included — goes
 * through two monitors: a clean run, and a run that suffers kill -9 of the monitor at random moments
 * (CHAOS_KILLS), a restart of PostgreSQL (a cluster this suite creates on its own port with
 * pg_createcluster, and drops after) and, with CHAOS_BROKER_RESTART=1, a broker restart (scripts/kafka.sh;
 * only where that script owns the broker). Both must end with the same alerts, the same notification ids,
 * the same feed and the same dead letters: nothing lost, nothing duplicated.
 *
 *   CHAOS_SUBJECTS  subjects per trial (default 12: ~3k events)   CHAOS_KILLS   kill -9s (default 3)
 *   CHAOS_MALFORMED malformed messages (default 60)               CHAOS_SEED    input and kill moments
 */
const SUBJECTS = Number(process.env.CHAOS_SUBJECTS ?? 12);
const KILLS = Number(process.env.CHAOS_KILLS ?? 3);
const MALFORMED = Number(process.env.CHAOS_MALFORMED ?? 60);
const SEED = Number(process.env.CHAOS_SEED ?? 7);
const BROKER_RESTART = process.env.CHAOS_BROKER_RESTART === '1';
const OVERSIZED = 900_000;

// No clock: a tick is a wall-clock moment, and one landing mid-ingest (e.g. as a restarted monitor starts) raises
// overdue-visit alerts, later withdrawn, in one run only. The session timeout is the shortest the broker allows,
// since a killed member holds its partitions until it expires.
const MONITOR_ENV = { VIGIL_CLOCK_INTERVAL_MS: '0', VIGIL_KAFKA_SESSION_TIMEOUT_MS: '6000' };

const cluster = ownPostgresCluster();

describe('chaos: kill -9, PostgreSQL and broker restarts, malformed floods end as a clean run does', () => {
  beforeAll(() => cluster?.create());
  const clean = useE2eRun('chaos-clean');
  const chaos = useE2eRun('chaos-faults');
  afterAll(() => cluster?.drop());
  if (cluster) cluster.restoreEnv();

  const input = chaosInput();

  it(
    'ends with the same alerts, notification ids, feed and dead letters as the clean run',
    async () => {
      const figures: string[] = [`input: ${input.valid} events + ${input.malformed} malformed messages (${input.oversized} oversized)`];

      const cleanStart = Date.now();
      const cleanNotifications = await clean.collect('notifications');
      await produceAll(clean, input.messages);
      const cleanMonitor = await clean.startMonitor(MONITOR_ENV);
      progress(`clean run: ${input.messages.length} messages produced, monitor started`);
      await settled(clean, cleanNotifications);
      await cleanMonitor.stop();
      figures.push(`clean run: ${((Date.now() - cleanStart) / 1000).toFixed(1)} s`);

      const chaosStart = Date.now();
      const notifications = await chaos.collect('notifications');
      await produceAll(chaos, input.messages);
      let monitor = await chaos.startMonitor(MONITOR_ENV);
      const random = prng(SEED);
      const recoveries: number[] = [];
      const stored = async () => Number((await chaos.sql('select count(*)::int as n from events'))[0].n);
      for (let k = 0; k < KILLS; k++) {
        // A random moment while events still arrive: after 1–20 % more of the input is stored.
        const target = (await stored()) + Math.ceil(input.valid * (0.01 + random() * 0.19));
        await chaos.waitFor(
          `${target} events stored before kill ${k + 1}`,
          async () => (await stored()) >= target || (await caughtUp(chaos)),
          {
            timeoutMs: 120_000,
            intervalMs: 20,
          },
        );
        await monitor.kill9();
        const killedAt = Date.now();
        const before = await stored();
        monitor = await chaos.startMonitor(MONITOR_ENV);
        await chaos.waitFor('the restarted monitor to store again', async () => (await stored()) > before || (await caughtUp(chaos)), {
          timeoutMs: 120_000,
          intervalMs: 50,
        });
        recoveries.push(Date.now() - killedAt);
        progress(`kill -9 ${k + 1}/${KILLS} at ${before} events stored; storing again after ${Date.now() - killedAt} ms`);
      }
      figures.push(`kill -9: ${KILLS}, time to store again ${recoveries.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ') || '-'}`);

      if (cluster) {
        const before = await stored();
        const restartedAt = Date.now();
        cluster.restart();
        const goingAgain = async () => {
          try {
            return (await stored()) > before || (await caughtUp(chaos));
          } catch {
            return false; // the harness's own pool reconnects on the next query
          }
        };
        await chaos.waitFor(
          'the monitor to store again, settle or exit after the PostgreSQL restart',
          async () => !monitor.running || (await goingAgain()),
        );
        // A monitor that gave up on the database exits for its supervisor to restart (scripts/supervise.js); so here.
        const exited = !monitor.running;
        if (exited) {
          await chaos.startMonitor(MONITOR_ENV);
          await chaos.waitFor('the restarted monitor to store again or settle', goingAgain);
        }
        figures.push(
          `PostgreSQL restart (immediate): monitor going again after ${((Date.now() - restartedAt) / 1000).toFixed(1)} s${exited ? ' (it exited and was restarted)' : ''}`,
        );
      } else {
        figures.push('PostgreSQL restart: skipped (no pg_createcluster here, or not root)');
      }

      if (BROKER_RESTART) {
        const restartedAt = Date.now();
        // Without KAFKA_BROKERS: with it set, kafka.sh only waits for someone else's broker to answer.
        const { KAFKA_BROKERS: _, ...localEnv } = process.env;
        execFileSync('bash', [path.join(REPO_ROOT, 'scripts/kafka.sh'), 'stop'], { stdio: 'inherit', env: localEnv });
        execFileSync('bash', [path.join(REPO_ROOT, 'scripts/kafka.sh'), 'start'], { stdio: 'inherit', env: localEnv });
        figures.push(`broker restart: back after ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);
      } else {
        figures.push('broker restart: skipped (CHAOS_BROKER_RESTART=1 asks for it; npm run chaos sets it)');
      }

      await settled(chaos, notifications);
      figures.push(`chaos run: ${((Date.now() - chaosStart) / 1000).toFixed(1)} s`);

      const [cleanRun, chaosRun] = await Promise.all([outcome(clean, cleanNotifications), outcome(chaos, notifications)]);
      const tolerated = withdrawnInOneRunOnly(cleanRun.alerts, chaosRun.alerts);
      const [want, got] = [comparable(cleanRun, tolerated), comparable(chaosRun, tolerated)];
      figures.push(
        `compared: ${got.alerts.length} alerts, ${got.notificationIds.length} notification ids (${got.topicDuplicates} re-sent on the topic, de-duplicated by id), ` +
          `${got.feed.length} feed rows, ${got.deadLetters.length} dead letters, ${got.events} events` +
          (tolerated.size
            ? `; left out: ${tolerated.size} alert(s) withdrawn in one run and never raised in the other (one-run-withdrawals.ts)`
            : ''),
      );
      process.stdout.write(`\nchaos figures\n  ${figures.join('\n  ')}\n\n`);
      if (got.events !== want.events) process.stdout.write(`chaos: events of one run only\n${await eventsOfOneRunOnly(clean, chaos)}\n`);

      expect(got.events).toBe(want.events);
      expect(got.alerts).toEqual(want.alerts);
      expect(got.notificationIds).toEqual(want.notificationIds);
      expect(got.feed).toEqual(want.feed);
      expect(got.deadLetters).toEqual(want.deadLetters);
      expect(new Set(got.deadLetters.map((d) => d.errorClass))).toEqual(
        new Set(['not-json', 'not-cloudevent', 'unknown-type', 'schema', 'conflict']),
      );
      expect(got.feedDuplicates).toBe(0);
    },
    30 * 60_000,
  );
});

const progress = (line: string) => process.stdout.write(`chaos: ${line}\n`);

interface Outcome {
  events: { stream_id: string }[];
  alerts: { alert_id: string; status: string }[];
  notifications: { id: string; alertId: string }[];
  feed: { event_id: string; alert_id: string }[];
  deadLetters: { partition: number; offset: string; errorClass: string }[];
}

async function outcome(run: E2eRun, notifications: Collector): Promise<Outcome> {
  return {
    events: await run.sql(`select stream_id from events`),
    alerts: await run.sql(`select alert_id, kind, status, severity, reasons, title, version from alerts order by alert_id`),
    notifications: notifications.messages
      .map((m) => m.json<{ id: string; subject: string }>())
      .map((n) => ({ id: n.id, alertId: n.subject })),
    feed: await run.sql(`select event_id, trial_id, type, cloud_event->>'subject' as alert_id from notifications order by event_id`),
    deadLetters: await run.sql(
      `select partition, "offset"::text as "offset", error_class as "errorClass" from dead_letters order by partition, "offset"`,
    ),
  };
}

/** What two runs must agree on, leaving out the alerts `tolerated` (withdrawn in one run, absent from the other). */
function comparable(run: Outcome, tolerated: ReadonlySet<string>) {
  const streams = new Set([...tolerated].map(alertStreamId));
  const ids = run.notifications.filter((n) => !tolerated.has(n.alertId)).map((n) => n.id);
  const feed = run.feed.filter((f) => !tolerated.has(f.alert_id));
  return {
    events: run.events.filter((e) => !streams.has(e.stream_id)).length,
    alerts: run.alerts.filter((a) => !tolerated.has(a.alert_id)),
    notificationIds: [...new Set(ids)].sort(),
    topicDuplicates: ids.length - new Set(ids).size,
    feed,
    feedDuplicates: feed.length - new Set(feed.map((f) => f.event_id)).size,
    deadLetters: run.deadLetters,
  };
}

/** When the runs differ, which events (id, type, stream) the other run lacks: the first thing to look at. */
async function eventsOfOneRunOnly(clean: E2eRun, chaos: E2eRun): Promise<string> {
  const read = async (run: E2eRun) =>
    new Map(
      (
        await run.sql<{ event_id: string; type: string; stream_id: string; data: unknown }>(
          `select event_id, type, stream_id, data from events`,
        )
      ).map((e) => [e.event_id, e]),
    );
  const [a, b] = await Promise.all([read(clean), read(chaos)]);
  const only = (x: typeof a, y: typeof a, label: string) =>
    [...x.values()]
      .filter((e) => !y.has(e.event_id))
      .map((e) => `  ${label}: ${e.event_id} ${e.type} ${e.stream_id} ${JSON.stringify(e.data).slice(0, 300)}`);
  return [...only(a, b, 'clean only'), ...only(b, a, 'faulted only')].join('\n');
}

/** Every input message consumed, every reader at the store's end, the outbox empty, the topic holding the feed. */
async function caughtUp(run: E2eRun): Promise<boolean> {
  try {
    return await atTheEnd(run);
  } catch {
    return false; // a broker or database restart in progress: ask again
  }
}

async function atTheEnd(run: E2eRun): Promise<boolean> {
  const [committed, end] = await Promise.all([run.committedOffsets(), run.endOffsets()]);
  if (end.some((e) => committed.find((c) => c.topic === e.topic && c.partition === e.partition)?.offset !== e.offset)) return false;
  const [{ behind }] = await run.sql(
    `select count(*)::int as behind from checkpoints where global_position < (select coalesce(max(global_position), 0) from events)`,
  );
  const [{ pending }] = await run.sql(`select count(*)::int as pending from outbox where published_at is null and parked_at is null`);
  return behind === 0 && pending === 0;
}

async function settled(run: E2eRun, notifications: Collector): Promise<void> {
  await run.waitFor('the run to settle (input consumed, readers at the end, outbox empty)', () => caughtUp(run), {
    timeoutMs: 300_000,
    intervalMs: 250,
  });
  const [{ n }] = await run.sql(`select count(*)::int as n from notifications`);
  await run.waitFor(
    `the ${n} feed rows on the notification topic`,
    () => new Set(notifications.messages.map((m) => m.json<{ id: string }>().id)).size >= n,
  );
}

async function produceAll(run: E2eRun, messages: { role: InputRole; message: OutgoingMessage }[]): Promise<void> {
  // In order, in slices: a subject's events stay in order; oversized messages go alone (the request limit).
  let slice: typeof messages = [];
  const flush = async () => {
    for (const role of ['visits', 'adverseEvents'] as const) {
      const part = slice.filter((m) => m.role === role).map((m) => m.message);
      if (part.length) await run.produce(role, part);
    }
    slice = [];
  };
  for (const m of messages) {
    const big = (Buffer.isBuffer(m.message.value) ? m.message.value.length : m.message.value.length) > 100_000;
    if (big) await flush();
    slice.push(m);
    if (big || slice.length >= 500) await flush();
  }
  await flush();
}

/** The simulated trials (demo safety signals included) with malformed messages of every class spread through them. */
function chaosInput() {
  const protocols = [...loadProtocols(path.join(REPO_ROOT, 'protocols')).values()];
  const events: InputEvent[] = protocols.flatMap((protocol) =>
    generateTrial(protocol, { subjects: SUBJECTS, seed: SEED, startDate: '2020-01-06', injections: demoInjectionsFor(protocol.trialId) }),
  );
  const visitTypes: readonly string[] = VISIT_EVENT_TYPES;
  const roleOf = (type: string): InputRole => (visitTypes.includes(type) ? 'visits' : 'adverseEvents');
  const messages: { role: InputRole; message: OutgoingMessage }[] = events.map((e) => ({
    role: roleOf(e.type),
    message: { key: e.subject, value: JSON.stringify(e) },
  }));
  const random = prng(SEED + 1);
  const template = events.find((e) => roleOf(e.type) === 'adverseEvents')!;
  const kinds: ((i: number) => OutgoingMessage)[] = [
    (i) => ({ key: `bad-${i}`, value: `{"specversion":"1.0","id":"cut-${i}"` }), // not-json
    (i) => ({ key: `bad-${i}`, value: Buffer.from([0xff, 0xfe, 0x00, i % 256]) }), // not-json (not UTF-8)
    (i) => ({ key: `bad-${i}`, value: JSON.stringify({ hello: i }) }), // not-cloudevent
    (i) => ({ key: `bad-${i}`, value: JSON.stringify({ ...template, id: `unknown-${i}`, type: 'org.example.unknown.v1' }) }), // unknown-type
    (i) => ({ key: `bad-${i}`, value: JSON.stringify({ ...template, id: `schema-${i}`, data: { nonsense: i } }) }), // schema
    (i) => ({
      key: template.subject,
      value: JSON.stringify({ ...template, data: { ...(template.data as object), term: `conflict ${i}` } }),
    }), // conflict: a reused id
    (i) => ({ key: `bad-${i}`, value: `{"oversized":"${'x'.repeat(OVERSIZED)}`.slice(0, OVERSIZED) }), // not-json, oversized
  ];
  let oversized = 0;
  for (let i = 0; i < MALFORMED; i++) {
    const kind = i % kinds.length;
    if (kind === kinds.length - 1) oversized++;
    const at = 1 + Math.floor(random() * (messages.length - 1));
    // After the template's own message, so a reused id is a conflict and not the original.
    const position = kind === 5 ? messages.length : at;
    messages.splice(position, 0, { role: 'adverseEvents', message: kinds[kind](i) });
  }
  return { messages, valid: events.length, malformed: MALFORMED, oversized };
}

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/**
 * A PostgreSQL cluster of this suite's own (Debian's pg_createcluster: initdb refuses to run as root), so a
 * restart hits no one else's database. Undefined where that is not possible (no postgresql-common, not root).
 */
function ownPostgresCluster() {
  if (!existsSync('/usr/bin/pg_createcluster') || process.getuid?.() !== 0 || process.env.CHAOS_OWN_POSTGRES === '0') return undefined;
  const version = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0];
  const port = 25_000 + Math.floor(Math.random() * 5_000);
  const name = `vigil_chaos_${port}`;
  const previous = process.env.DATABASE_URL;
  // The harness reads DATABASE_URL when a run is declared: both runs live in this cluster.
  process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ctl = (...args: string[]) => execFileSync('pg_ctlcluster', [version, name, ...args], { stdio: 'pipe' });
  return {
    restoreEnv: () => (process.env.DATABASE_URL = previous),
    create: () => {
      execFileSync('pg_createcluster', [version, name, '-p', String(port), '--start', '--', '--auth=trust'], { stdio: 'pipe' });
    },
    /** Immediate mode: what a crash of the server looks like to its clients. */
    restart: () => {
      ctl('stop', '-m', 'immediate');
      ctl('start');
    },
    drop: () => {
      execFileSync('pg_dropcluster', ['--stop', version, name], { stdio: 'pipe' });
    },
  };
}
