import { PgWakeups, WAKE_CHANNELS } from '@vigil/platform';
import { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { waitFor } from '../../../../test/support/wait-for';
import { appendEvents } from '../append-events';
import { resetCheckpoint } from '../checkpoints';
import { readPage } from '../read-page';
import { NewEvent, START, StoredEvent } from '../stored-event';
import { StoreReaction, StoreSubscription } from './store-subscription';

const event = (eventId: string, type: string, streamId = `s-${eventId}`): NewEvent => ({
  eventId,
  streamId,
  type,
  data: { eventId },
  eventTime: '2021-02-03T10:00:00Z',
  trialId: 'T',
  subjectId: 'S',
});

/** A reaction that remembers what it was handed, page by page. */
class Recorder implements StoreReaction {
  readonly pages: string[][] = [];
  constructor(
    readonly name: string,
    readonly eventTypes?: readonly string[],
  ) {}
  async handle(_tx: EntityManager, events: StoredEvent[]): Promise<void> {
    this.pages.push(events.map((e) => e.eventId));
  }
  get handled(): string[] {
    return this.pages.flat();
  }
}

describe('store readers (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const checkpoint = async (name: string) =>
    (await ds.query(`select global_position::text as p from checkpoints where name = $1`, [name]))[0]?.p;
  const lastPosition = async () => (await ds.query(`select max(global_position)::text as p from events`))[0].p;

  beforeAll(async () => {
    db = await createTestDatabase('store_readers');
    ds = db.dataSource;
  });
  afterAll(() => db?.drop());

  it("moves a reader's checkpoint past events of types it does not read, so no poll scans them again", async () => {
    await appendEvents(ds, [event('a1', 'alert.raised'), ...Array.from({ length: 30 }, (_, i) => event(`v${i}`, 'visit.completed'))]);
    const alerts = new Recorder('only-alerts', ['alert.raised']);
    await new StoreSubscription(ds, alerts, { pollIntervalMs: 10, batchSize: 7 }).catchUp();
    expect(alerts.handled).toEqual(['a1']);
    expect(await checkpoint('only-alerts')).toBe(await lastPosition());
  });

  it('reads each page once for a group, hands each reaction its own types after its own checkpoint, and saves every checkpoint', async () => {
    await appendEvents(ds, [event('g1', 'alert.raised'), event('g2', 'visit.completed'), event('g3', 'alert.closed')]);
    const alerts = new Recorder('group-alerts', ['alert.raised', 'alert.closed']);
    const visits = new Recorder('group-visits', ['visit.completed']);
    const group = new StoreSubscription(ds, [alerts, visits], { pollIntervalMs: 10, name: 'group' });
    await group.catchUp();
    expect(alerts.handled.filter((id) => id.startsWith('g'))).toEqual(['g1', 'g3']);
    expect(visits.handled.filter((id) => id.startsWith('g'))).toEqual(['g2']);

    // One of them is rebuilt from the start: the other is not handed anything twice.
    await resetCheckpoint(ds, 'group-visits');
    const before = alerts.handled.length;
    await group.catchUp();
    expect(alerts.handled.length).toBe(before);
    expect(visits.handled.filter((id) => id === 'g2')).toHaveLength(2);
    expect(await checkpoint('group-alerts')).toBe(await lastPosition());
    expect(await checkpoint('group-visits')).toBe(await lastPosition());
  });

  it('takes nothing past an older transaction still in flight, and never skips its events', async () => {
    const [before] = await readPage(ds, START, 100_000).then((p) => [p.scannedTo ?? START]);
    const slow = ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    try {
      await appendEvents(slow.manager, [event('slow', 'visit.completed')]);
      await appendEvents(ds, [event('fast', 'visit.completed')]);
      const held = await readPage(ds, before, 100);
      expect(held.events.map((e) => e.eventId)).toEqual([]);
      expect(held.scannedTo).toBeUndefined();
    } finally {
      await slow.commitTransaction();
      await slow.release();
    }
    const after = await readPage(ds, before, 100);
    expect(after.events.map((e) => e.eventId)).toEqual(['slow', 'fast']);
  });

  it('wakes a listener when a transaction that appended events commits, not before', async () => {
    const wakeups = new PgWakeups(db.url);
    let woken = 0;
    wakeups.on(WAKE_CHANNELS.events, () => (woken += 1));
    await wakeups.start(); // wakes every listener once before it resolves (it may have missed a commit)
    // Barrier: a NOTIFY of our own. Notifications arrive in commit order, so once it is counted, any
    // wake-up committed before it has been counted too.
    const barrier = async (count: number) => {
      await ds.query(`select pg_notify($1, '')`, [WAKE_CHANNELS.events]);
      await waitFor(`wake-up number ${count} (a barrier NOTIFY)`, () => woken >= count, { timeoutMs: 5_000, intervalMs: 10 });
    };
    try {
      woken = 0;
      const runner = ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await appendEvents(runner.manager, [event('w1', 'visit.completed')]);
      await barrier(1);
      expect(woken).toBe(1); // the barrier only: nothing before the commit
      await runner.commitTransaction();
      await runner.release();
      await waitFor('the wake-up of the commit', () => woken >= 2, { timeoutMs: 5_000, intervalMs: 10 });
      await barrier(3);
      expect(woken).toBe(3); // the commit woke the listener exactly once
    } finally {
      await wakeups.stop();
    }
  });

  it('a running reader handles a new event within a fraction of its poll interval when woken', async () => {
    const wakeups = new PgWakeups(db.url);
    const recorder = new Recorder('woken', ['test.woken']);
    const subscription = new StoreSubscription(ds, recorder, { pollIntervalMs: 60_000 });
    await appendEvents(ds, [event('before-woken', 'visit.completed')]);
    wakeups.on(WAKE_CHANNELS.events, () => subscription.wake());
    await wakeups.start();
    subscription.start();
    try {
      // Its first pass (over the event appended before the start) has moved its checkpoint: it now idles for 60 s.
      await waitFor('the reader to finish its first pass', async () => (await checkpoint('woken')) === (await lastPosition()), {
        timeoutMs: 5_000,
      });
      const started = Date.now();
      await appendEvents(ds, [event('woken-1', 'test.woken')]);
      await waitFor('the woken reader to handle the new event', () => recorder.handled.length > 0, { timeoutMs: 5_000, intervalMs: 5 });
      expect(recorder.handled).toEqual(['woken-1']);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await subscription.stop();
      await wakeups.stop();
    }
  });
});
