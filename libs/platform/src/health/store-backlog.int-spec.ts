import { createTestDatabase } from '../../../../test/support/test-database';
import { readinessReasons } from './readiness-verdict';
import { monitorCounterTotals, monitorInstances, readerBacklog } from './store-backlog';

/** The figures health and /metrics are judged on, read from a real (migrated) PostgreSQL. */
describe('store backlog figures (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => (db = await createTestDatabase('store_backlog')));
  afterAll(() => db?.drop());

  const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
  const append = (id: string, type: string, secondsAgo: number) =>
    q(
      `insert into events (event_id, stream_id, stream_position, type, data, event_time, recorded_at)
       values ($1, $1, 1, $2, '{}', now(), now() - make_interval(secs => $3)) returning global_position::int as position`,
      [id, type, secondsAgo],
    ).then((rows) => rows[0].position as number);

  it('reads reader backlog, oldest unprocessed event (by recorded_at) and monitor rows', async () => {
    expect(await readerBacklog(db.dataSource, { name: 'nobody' })).toEqual({
      name: 'nobody',
      backlogPositions: 0,
      oldestUnprocessedAtMs: null,
    });

    const first = await append('e1', 'visit.completed', 90);
    await append('e2', 'alert.raised', 30);
    const third = await append('e3', 'visit.completed', 0);

    // No checkpoint row yet: everything is unprocessed, from the first event on.
    const fresh = await readerBacklog(db.dataSource, { name: 'safety-rules' });
    expect(fresh.backlogPositions).toBe(third);
    expect(Date.now() - fresh.oldestUnprocessedAtMs!).toBeGreaterThanOrEqual(89_000);

    // Checkpoint after the first event: the next one (any type) is the oldest unprocessed.
    await q(
      `insert into checkpoints (name, transaction_id, global_position) select 'safety-rules', transaction_id, global_position from events where event_id = 'e1'`,
    );
    const after = await readerBacklog(db.dataSource, { name: 'safety-rules' });
    expect(after.backlogPositions).toBe(third - first);
    expect(Date.now() - after.oldestUnprocessedAtMs!).toBeGreaterThanOrEqual(29_000);
    expect(Date.now() - after.oldestUnprocessedAtMs!).toBeLessThan(60_000);
    // A reader that only handles some types is not behind on the others.
    const typed = await readerBacklog(db.dataSource, { name: 'safety-rules', eventTypes: ['visit.completed'] });
    expect(Date.now() - typed.oldestUnprocessedAtMs!).toBeLessThan(10_000);

    // Judged against a 20 s bound: behind.
    const reasons = readinessReasons(
      { nowMs: Date.now(), readers: [{ name: 'safety-rules', oldestUnprocessedAtMs: after.oldestUnprocessedAtMs, growing: false }] },
      { monitorStaleMs: 10_000, maxBacklogAgeMs: 20_000 },
    );
    expect(reasons).toEqual([
      expect.stringMatching(/^safety-rules: oldest unprocessed event was recorded 3\d(\.\d)? s ago \(bound 20 s\)$/),
    ]);

    await q(`insert into monitor_instances (instance_id, host, pid, started_at, heartbeat_at, consumer_state, consumer_restarts, events_stored, events_duplicate, dead_letters)
      values ('h:1:a', 'h', 1, now() - interval '1 hour', now() - interval '30 minutes', 'running', 2, 100, 5, 1),
             ('h:2:b', 'h', 2, now() - interval '29 minutes', now(), 'restarting', 1, 40, 0, 2)`);
    const monitors = await monitorInstances(db.dataSource);
    expect(monitors.map((m) => [m.instanceId, m.consumerState])).toEqual([
      ['h:2:b', 'restarting'],
      ['h:1:a', 'running'],
    ]);
    expect(await monitorCounterTotals(db.dataSource)).toEqual({
      eventsStored: 140,
      eventsDuplicate: 5,
      deadLetters: 3,
      consumerRestarts: 3,
      instances: 2,
    });
  });
});
