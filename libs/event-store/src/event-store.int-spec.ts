import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-database';
import { appendEvents } from './append-events';
import { appendToStream } from './append-to-stream';
import { readInCommitOrder, positionOf } from './read-in-commit-order';
import { ConcurrencyError, NewEvent, START } from './stored-event';

const event = (eventId: string, streamId = 's-1'): NewEvent => ({
  eventId,
  streamId,
  type: 'test.happened',
  data: { eventId },
  eventTime: '2021-02-03T10:00:00Z',
  trialId: 'NCT04410731',
  subjectId: 'CK-001',
});

describe('event store (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase('event_store');
    ds = db.dataSource;
  });
  afterAll(() => db?.drop());

  it('stores a re-delivered event once and returns only what is new', async () => {
    const first = await appendEvents(ds, [event('a1'), event('a2')]);
    const again = await appendEvents(ds, [event('a2'), event('a3'), event('a3')]);
    expect(first.map((e) => e.eventId)).toEqual(['a1', 'a2']);
    expect(again.map((e) => e.eventId)).toEqual(['a3']);
    const rows = await ds.query(`select event_id, stream_position from events where stream_id = 's-1' order by stream_position`);
    expect(rows).toEqual([
      { event_id: 'a1', stream_position: 1 },
      { event_id: 'a2', stream_position: 2 },
      { event_id: 'a3', stream_position: 3 },
    ]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on events', async () => {
    await appendEvents(ds, [event('u1', 's-2')]);
    await expect(ds.query(`update events set type = 'x' where event_id = 'u1'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`delete from events where event_id = 'u1'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`truncate events`)).rejects.toThrow(/append-only/);
    expect(await ds.query(`select type from events where event_id = 'u1'`)).toEqual([{ type: 'test.happened' }]);
  });

  it('appends to a stream only at the expected version', async () => {
    await appendToStream(ds, 'alert-1', 0, [event('c1', 'alert-1')]);
    await appendToStream(ds, 'alert-1', 1, [event('c2', 'alert-1')]);
    await expect(appendToStream(ds, 'alert-1', 1, [event('c3', 'alert-1')])).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(appendToStream(ds, 'alert-1', 0, [event('c4', 'alert-1')])).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('never lets a reader skip an event whose transaction commits after a later one', async () => {
    const start = await readInCommitOrder(ds, START, 10_000);
    const after = start.length ? positionOf(start[start.length - 1]) : START;

    // Transaction "slow" takes a global position first but commits last.
    const slow = ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await appendEvents(slow.manager, [event('slow', 's-3')]);
    await appendEvents(ds, [event('fast', 's-4')]);

    const whileSlowRuns = await readInCommitOrder(ds, after, 100);
    expect(whileSlowRuns.map((e) => e.eventId)).not.toContain('fast');

    await slow.commitTransaction();
    await slow.release();
    const afterCommit = await readInCommitOrder(ds, after, 100);
    expect(afterCommit.map((e) => e.eventId)).toEqual(['slow', 'fast']);
  });
});
