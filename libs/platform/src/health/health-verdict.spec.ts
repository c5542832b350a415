import { GrowthTracker } from './growth-tracker';
import { HealthFigures, readinessReasons } from './readiness-verdict';

const bounds = { monitorStaleMs: 10_000, maxBacklogAgeMs: 60_000 };
const now = 1_000_000;
const healthy: HealthFigures = {
  nowMs: now,
  database: { ok: true },
  kafka: { ok: true },
  monitors: [{ instanceId: 'host:1', heartbeatAtMs: now - 1_000, consumerState: 'running' }],
  readers: [{ name: 'safety-rules', oldestUnprocessedAtMs: now - 2_000, growing: false }],
  outbox: { name: 'outbox', oldestUnprocessedAtMs: null, growing: false },
  consumerLag: { total: 12, growing: false },
};

describe('readiness verdict', () => {
  it('has no reason when everything keeps up', () => {
    expect(readinessReasons(healthy, bounds)).toEqual([]);
  });

  it('names an unreachable database or broker', () => {
    const reasons = readinessReasons({ ...healthy, database: { ok: false, error: 'ECONNREFUSED' }, kafka: { ok: false } }, bounds);
    expect(reasons).toEqual(['database unreachable: ECONNREFUSED', 'Kafka unreachable: no answer']);
  });

  it('says when no monitor reported within the bound, or none ever did', () => {
    const stale = { ...healthy, monitors: [{ instanceId: 'host:1', heartbeatAtMs: now - 25_000, consumerState: 'running' }] };
    expect(readinessReasons(stale, bounds)).toEqual(['no monitor heartbeat for 25 s (bound 10 s)']);
    expect(readinessReasons({ ...healthy, monitors: [] }, bounds)).toEqual(['no monitor has ever reported']);
    const stopped = { ...healthy, monitors: [{ instanceId: 'host:1', heartbeatAtMs: now, consumerState: 'stopped', stoppedAtMs: now }] };
    expect(readinessReasons(stopped, bounds)[0]).toMatch(/^no monitor heartbeat/);
  });

  it('names a live monitor whose consumer is not running, ignoring dead instances once they are stale', () => {
    const figures = {
      ...healthy,
      monitors: [
        {
          instanceId: 'host:2',
          heartbeatAtMs: now - 500,
          consumerState: 'restarting',
          consumerError: 'The coordinator is not aware of this member',
        },
        { instanceId: 'host:1', heartbeatAtMs: now - 60_000, consumerState: 'running' },
      ],
    };
    expect(readinessReasons(figures, bounds)).toEqual([
      'monitor host:2: consumer is restarting (last error: The coordinator is not aware of this member)',
    ]);
  });

  it('names parked outbox rows: they are never published without a person', () => {
    const figures = { ...healthy, outbox: { name: 'outbox', oldestUnprocessedAtMs: null, growing: false, parked: 2 } };
    expect(readinessReasons(figures, bounds)).toEqual([
      'outbox: 2 row(s) parked after repeated send failures (never published without a person)',
    ]);
  });

  it("judges the process's own consumer (the monitor)", () => {
    expect(readinessReasons({ ...healthy, monitors: undefined, consumer: { state: 'starting' } }, bounds)).toEqual([
      'monitor consumer is starting',
    ]);
  });

  it('flags a backlog older than the bound, or one that keeps growing', () => {
    const figures = {
      ...healthy,
      readers: [
        { name: 'safety-rules', oldestUnprocessedAtMs: now - 61_000, growing: false },
        { name: 'alerts', oldestUnprocessedAtMs: now - 1_000, growing: true },
        { name: 'timeline', oldestUnprocessedAtMs: null, growing: true }, // nothing pending: not behind
      ],
      outbox: { name: 'outbox', oldestUnprocessedAtMs: now - 90_000, growing: false },
      consumerLag: { total: 5000, growing: true },
    };
    expect(readinessReasons(figures, bounds)).toEqual([
      'safety-rules: oldest unprocessed event was recorded 61 s ago (bound 60 s)',
      'alerts: backlog keeps growing',
      'outbox: oldest unprocessed event was recorded 90 s ago (bound 60 s)',
      'Kafka consumer lag keeps growing (5000 messages)',
    ]);
  });
});

describe('growth tracker', () => {
  const tracker = () => new GrowthTracker(30_000);

  it('calls a figure growing only when it never went down over a whole window', () => {
    const t = tracker();
    [0, 10, 20, 30, 40].forEach((v, i) => t.add('lag', i * 10_000, v));
    expect(t.isGrowing('lag', 40_000)).toBe(true);
  });

  it('is not growing before a whole window was watched', () => {
    const t = tracker();
    [0, 10, 20].forEach((v, i) => t.add('lag', i * 10_000, v));
    expect(t.isGrowing('lag', 20_000)).toBe(false);
  });

  it('is not growing when it went down within the window, or stayed flat', () => {
    const t = tracker();
    [0, 10, 5, 30, 40].forEach((v, i) => t.add('lag', i * 10_000, v));
    expect(t.isGrowing('lag', 40_000)).toBe(false);
    const flat = tracker();
    [7, 7, 7, 7, 7].forEach((v, i) => flat.add('lag', i * 10_000, v));
    expect(flat.isGrowing('lag', 40_000)).toBe(false);
  });

  it('forgets a dip once it is older than the window', () => {
    const t = tracker();
    [50, 0, 10, 20].forEach((v, i) => t.add('lag', i * 10_000, v));
    expect(t.isGrowing('lag', 30_000)).toBe(false); // the window [0 s, 30 s] holds the drop from 50 to 0
    t.add('lag', 40_000, 30);
    expect(t.isGrowing('lag', 40_000)).toBe(true); // the window [10 s, 40 s] only grew
  });
});
