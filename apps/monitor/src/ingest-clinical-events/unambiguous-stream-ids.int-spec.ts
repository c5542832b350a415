import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { appendEvents, toNewEvent } from '@vigil/event-store';
import { MIGRATIONS } from '@vigil/platform';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { AeVersionConflicts } from './ae-version-conflicts';

const ae = (id: string, trialid: string, aeId: string, version: number, patch: Partial<AdverseEventState> = {}): InputEvent => ({
  specversion: '1.0',
  id,
  source: 'edc://site/mayo-fl',
  type: version === 1 ? 'adverse-event.reported' : 'adverse-event.updated',
  subject: 'S-1',
  trialid,
  time: '2021-03-02T09:00:00Z',
  data: {
    aeId,
    version,
    term: 'Pneumonia',
    onsetDate: '2021-03-01',
    endDate: null,
    grade: 2,
    serious: false,
    seriousCriteria: [],
    causality: 'unlikely',
    expectedness: 'expected',
    outcome: 'recovering',
    ...patch,
  },
});
const origin = { topic: 'clinical.adverse-events.v1', partition: 0, offset: '0' };
const judge = async (ds: DataSource, event: InputEvent) => (await AeVersionConflicts.load(ds, [event])).judge(event).kind;

/** Trial `A-B` with AE `C` and trial `A` with AE `B-C`: one stream under the old ids, two now. */
describe('unambiguous stream ids (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  beforeEach(async () => {
    db = await createTestDatabase('stream_ids');
    ds = db.dataSource;
  });
  afterEach(() => db?.drop());

  it('AEs of two trials whose ids joined with "-" look alike are two AEs, not a version conflict', async () => {
    await appendEvents(ds, [toNewEvent(ae('e-1', 'A-B', 'C', 1), origin)]);
    expect(await judge(ds, ae('e-2', 'A', 'B-C', 1, { grade: 4 }))).toBe('new');
  });

  it('a store with the old ids is migrated: streams split, positions and versions kept, AE version checks work', async () => {
    // The store as the old code wrote it: both AEs on stream `ae-A-B-C`, a subject event on `subject-A-B-C`.
    const old = [
      { ...toNewEvent(ae('e-1', 'A-B', 'C', 1), origin), streamId: 'ae-A-B-C' },
      { ...toNewEvent(ae('e-2', 'A', 'B-C', 1, { grade: 4 }), origin), streamId: 'ae-A-B-C' },
      {
        ...toNewEvent({ ...ae('e-3', 'A/B', 'X', 1), type: 'visit.missed', data: { visitCode: 'W2' } } as unknown as InputEvent, origin),
        streamId: 'subject-A/B-S-1',
      },
    ];
    await appendEvents(ds, old);
    await ds.query(`insert into rule_state (scope, state) values ('subject/A/B/S-1', '{"trialId":"A/B","subjectId":"S-1"}')`);

    const migration = MIGRATIONS.find((m) => m.name === 'UnambiguousStreamIds1763800008000');
    if (!migration) throw new Error('migration missing');
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    await new migration().up(runner);
    await runner.commitTransaction();
    await runner.release();

    expect(await ds.query(`select event_id, stream_id, stream_position from events order by global_position`)).toEqual([
      { event_id: 'e-1', stream_id: 'ae/A-B/C', stream_position: 1 },
      { event_id: 'e-2', stream_id: 'ae/A/B-C', stream_position: 2 },
      { event_id: 'e-3', stream_id: 'subject/A%2FB/S-1', stream_position: 1 },
    ]);
    expect(await ds.query(`select stream_id, version from streams order by stream_id`)).toEqual([
      { stream_id: 'ae/A-B/C', version: 1 },
      { stream_id: 'ae/A/B-C', version: 2 },
      { stream_id: 'subject/A%2FB/S-1', version: 1 },
    ]);
    expect(await ds.query(`select scope from rule_state`)).toEqual([{ scope: 'subject/A%2FB/S-1' }]);
    // The append-only trigger is back.
    await expect(ds.query(`update events set type = type`)).rejects.toThrow(/append-only/);

    // Each AE's versions are judged on its own stream.
    expect(await judge(ds, ae('e-1b', 'A-B', 'C', 1))).toBe('same-content');
    expect(await judge(ds, ae('e-9', 'A-B', 'C', 1, { grade: 5 }))).toBe('conflict');
    expect(await judge(ds, ae('e-2b', 'A', 'B-C', 1, { grade: 4 }))).toBe('same-content');
    expect(await judge(ds, ae('e-4', 'A', 'B-C', 2))).toBe('new');
    // The next append goes after the highest position the stream kept.
    const [stored] = await appendEvents(ds, [toNewEvent(ae('e-4', 'A', 'B-C', 2), origin)]);
    expect(stored).toMatchObject({ streamId: 'ae/A/B-C', streamPosition: 3 });
  });
});
