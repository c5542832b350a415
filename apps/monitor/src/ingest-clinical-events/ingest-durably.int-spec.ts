import { receivedAe, receivedMessage } from '../../../../test/support/received-messages';
import { createTestDatabase } from '../../../../test/support/test-database';
import { NothingLostNothingStuck1763800004000 } from '../../../../libs/platform/src/database/migrations/1763800004000-nothing-lost-nothing-stuck';
import { ingestDurably } from './ingest-durably';

const AE_TOPIC = 'clinical.adverse-events.v1';

describe('ingestDurably (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => (db = await createTestDatabase('ingest_durably')));
  afterAll(() => db?.drop());

  it('dead-letters the one message PostgreSQL refuses and stores the rest of its batch', async () => {
    const batch = {
      topic: 'clinical.adverse-events.v1',
      partition: 2,
      messages: [receivedAe(10, 'ok-1', 'Headache'), receivedAe(11, 'nul', 'Rash\u0000'), receivedAe(12, 'ok-2', 'Nausea')],
    };
    const result = await ingestDurably(db.dataSource, batch, 'adverseEvents', '2026-11-22T00:00:00Z');
    expect(result).toEqual({ stored: 2, duplicates: 0, deadLetters: 1, lettered: expect.any(Array) });
    const stored = await db.dataSource.query(`select event_id from events order by event_id`);
    expect(stored).toEqual([{ event_id: 'ok-1' }, { event_id: 'ok-2' }]);
    const [dead] = await db.dataSource.query(`select "offset"::int, error_class, reason, event_id from dead_letters`);
    expect(dead).toMatchObject({ offset: 11, error_class: 'schema', event_id: 'nul' });
    // What the log line about it says (WarnOfDeadLetters).
    expect(result.lettered).toEqual([{ offset: '11', errorClass: 'schema', eventId: 'nul', trialId: 'NCT04410731' }]);
    expect(dead.reason).toMatch(/PostgreSQL refused to store it/);
    const [outbox] = await db.dataSource.query(`select topic_role, message_id from outbox`);
    expect(outbox).toEqual({
      topic_role: 'deadLetter',
      message_id: expect.stringMatching(/^clinical\.adverse-events\.v1\/2\/11\/sha256:[0-9a-f]{64}$/),
    });

    // Re-delivery of the same batch changes nothing.
    expect(await ingestDurably(db.dataSource, batch, 'adverseEvents', '2026-11-22T00:01:00Z')).toEqual({
      stored: 0,
      duplicates: 2,
      deadLetters: 0,
      lettered: expect.any(Array),
    });
  });

  describe('a reused CloudEvent id (SPEC §2)', () => {
    const storedEvent = async (id: string) =>
      (await db.dataSource.query(`select global_position::text as gp, stream_id, data->>'term' as term from events where event_id = $1`, [
        id,
      ])) as {
        gp: string;
        stream_id: string;
        term: string;
      }[];
    const conflicts = async (id: string) =>
      db.dataSource.query(
        `select partition, "offset"::text as "offset", error_class, reason from dead_letters where event_id = $1 and error_class = 'conflict' order by id`,
        [id],
      );
    const announced = async (id: string) =>
      (
        await db.dataSource.query(`select value from outbox where topic_role = 'deadLetter' and value->>'eventId' = $1 order by id`, [id])
      ).map((r: { value: unknown }) => r.value);

    it('with different content is a conflict dead letter naming the stored event and the new coordinates; the stored event is unchanged', async () => {
      await ingestDurably(
        db.dataSource,
        { topic: AE_TOPIC, partition: 1, messages: [receivedAe(20, 'reused-1', 'Headache')] },
        'adverseEvents',
        '2026-11-22T00:00:00Z',
      );
      const [original] = await storedEvent('reused-1');

      const result = await ingestDurably(
        db.dataSource,
        { topic: AE_TOPIC, partition: 3, messages: [receivedAe(40, 'reused-1', 'Migraine')] },
        'adverseEvents',
        '2026-11-22T00:01:00Z',
      );
      expect(result).toEqual({ stored: 0, duplicates: 0, deadLetters: 1, lettered: expect.any(Array) });
      expect(await storedEvent('reused-1')).toEqual([{ gp: original.gp, stream_id: original.stream_id, term: 'Headache' }]);
      const [dead] = await conflicts('reused-1');
      expect(dead).toMatchObject({ partition: 3, offset: '40', error_class: 'conflict' });
      expect(dead.reason).toContain(`CloudEvent id reused-1 was already received with different content (data.term differ)`);
      expect(dead.reason).toContain(`global position ${original.gp} (stream ${original.stream_id}, position 1)`);
      expect(dead.reason).toContain(`(${AE_TOPIC} partition 3 offset 40)`);
      const [record] = await announced('reused-1');
      expect(record).toMatchObject({
        errorClass: 'conflict',
        topic: AE_TOPIC,
        partition: 3,
        offset: '40',
        eventId: 'reused-1',
        reason: dead.reason,
        conflictsWith: { eventId: 'reused-1', globalPosition: original.gp, streamId: original.stream_id, streamPosition: 1 },
      });

      // The same conflicting message delivered again is recorded and announced once.
      await ingestDurably(
        db.dataSource,
        { topic: AE_TOPIC, partition: 3, messages: [receivedAe(40, 'reused-1', 'Migraine')] },
        'adverseEvents',
        '2026-11-22T00:02:00Z',
      );
      expect(await conflicts('reused-1')).toHaveLength(1);
    });

    it('for another AE is a conflict too (before, the store skipped it silently)', async () => {
      await ingestDurably(
        db.dataSource,
        { topic: AE_TOPIC, partition: 1, messages: [receivedAe(21, 'reused-2', 'Rash')] },
        'adverseEvents',
        '2026-11-22T00:00:00Z',
      );
      const result = await ingestDurably(
        db.dataSource,
        { topic: AE_TOPIC, partition: 1, messages: [receivedAe(22, 'reused-2', 'Rash', 'AE-other')] },
        'adverseEvents',
        '2026-11-22T00:00:00Z',
      );
      expect(result).toEqual({ stored: 0, duplicates: 0, deadLetters: 1, lettered: expect.any(Array) });
      const [dead] = await conflicts('reused-2');
      expect(dead.reason).toContain('(data.aeId differ)');
      expect(await db.dataSource.query(`select 1 from events where stream_id like '%AE-other%'`)).toEqual([]);
    });

    it('twice in one batch: the first is stored, the second is a conflict naming where the first was stored', async () => {
      const batch = {
        topic: AE_TOPIC,
        partition: 5,
        messages: [receivedAe(60, 'reused-3', 'Fever'), receivedAe(61, 'reused-3', 'Chills')],
      };
      expect(await ingestDurably(db.dataSource, batch, 'adverseEvents', '2026-11-22T00:00:00Z')).toEqual({
        stored: 1,
        duplicates: 0,
        deadLetters: 1,
        lettered: expect.any(Array),
      });
      const [first] = await storedEvent('reused-3');
      expect(first.term).toBe('Fever');
      const [dead] = await conflicts('reused-3');
      expect(dead).toMatchObject({ partition: 5, offset: '61' });
      expect(dead.reason).toContain(`global position ${first.gp}`);
    });

    it('with the same content is a redelivery: nothing stored, nothing dead-lettered', async () => {
      await ingestDurably(
        db.dataSource,
        { topic: AE_TOPIC, partition: 1, messages: [receivedAe(23, 'same-1', 'Nausea')] },
        'adverseEvents',
        '2026-11-22T00:00:00Z',
      );
      // Re-sent by the EDC: another offset, even another partition, same event.
      const result = await ingestDurably(
        db.dataSource,
        { topic: AE_TOPIC, partition: 4, messages: [receivedAe(90, 'same-1', 'Nausea')] },
        'adverseEvents',
        '2026-11-22T00:05:00Z',
      );
      expect(result).toEqual({ stored: 0, duplicates: 1, deadLetters: 0, lettered: expect.any(Array) });
      expect(await db.dataSource.query(`select 1 from dead_letters where event_id = 'same-1'`)).toEqual([]);
      expect(await storedEvent('same-1')).toHaveLength(1);
    });
  });

  describe('dead letters at reused coordinates (a topic re-created while the database lived on)', () => {
    const at = (value: string) => ({ topic: 'recreated.topic', partition: 0, messages: [receivedMessage(7, value)] });
    const rows = () =>
      db.dataSource.query(`select convert_from(value, 'UTF8') as value from dead_letters where topic = 'recreated.topic' order by id`);
    const announcements = () =>
      db.dataSource.query(
        `select message_id, value->>'valueBase64' as b64 from outbox where topic_role = 'deadLetter' and value->>'topic' = 'recreated.topic' order by id`,
      );

    it('records and announces a different message at the same topic, partition and offset; the same message once', async () => {
      expect(
        await ingestDurably(db.dataSource, at('{not json, before the topic was re-created'), 'adverseEvents', '2026-11-22T00:00:00Z'),
      ).toMatchObject({ deadLetters: 1 });
      expect(
        await ingestDurably(db.dataSource, at('{not json, after the topic was re-created'), 'adverseEvents', '2026-11-23T00:00:00Z'),
      ).toMatchObject({ deadLetters: 1 });
      expect(await rows()).toEqual([
        { value: '{not json, before the topic was re-created' },
        { value: '{not json, after the topic was re-created' },
      ]);
      const sent = await announcements();
      expect(sent).toHaveLength(2);
      expect(new Set(sent.map((r: { message_id: string }) => r.message_id)).size).toBe(2);
      expect(Buffer.from(sent[1].b64, 'base64').toString()).toBe('{not json, after the topic was re-created');

      // A redelivery of the very same message (same bytes, same coordinates) changes nothing.
      expect(
        await ingestDurably(db.dataSource, at('{not json, after the topic was re-created'), 'adverseEvents', '2026-11-23T00:01:00Z'),
      ).toMatchObject({ deadLetters: 0 });
      expect(await rows()).toHaveLength(2);
      expect(await announcements()).toHaveLength(2);
    });
  });

  it('after the upgrade, a dead letter recorded before it still counts as the same message when redelivered', async () => {
    const migration = new NothingLostNothingStuck1763800004000();
    const runner = db.dataSource.createQueryRunner();
    try {
      await migration.down(runner); // the schema before issue 7: unique (topic, partition, offset), no digest
      await runner.query(
        `insert into dead_letters (topic, partition, "offset", message_key, value, error_class, reason)
         values ('upgraded.topic', 0, 3, 'CK-é01', convert_to('{not json from before the upgrade', 'UTF8'), 'not-json', 'not JSON')`,
      );
      await migration.up(runner); // computes the digest of the rows it finds
    } finally {
      await runner.release();
    }
    const redelivered = {
      topic: 'upgraded.topic',
      partition: 0,
      messages: [receivedMessage(3, '{not json from before the upgrade', 'CK-é01')],
    };
    expect(await ingestDurably(db.dataSource, redelivered, 'adverseEvents', '2026-11-24T00:00:00Z')).toMatchObject({ deadLetters: 0 });
    expect(await db.dataSource.query(`select count(*)::int as n from dead_letters where topic = 'upgraded.topic'`)).toEqual([{ n: 1 }]);
  });
});
