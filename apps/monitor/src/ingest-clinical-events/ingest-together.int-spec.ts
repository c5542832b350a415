import { receivedAe, receivedMessage } from '../../../../test/support/received-messages';
import { createTestDatabase } from '../../../../test/support/test-database';
import { ingestTogether } from './ingest-together';

const AE_TOPIC = 'clinical.adverse-events.v1';

/**
 * Group commit: the batches of several partitions in one transaction, judged as if they were one batch.
 * Each partition's result is its own (the consumer logs and counts per partition).
 */
describe('ingestTogether (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => (db = await createTestDatabase('ingest_together')));
  afterAll(() => db?.drop());

  const batches = () => [
    {
      role: 'adverseEvents' as const,
      batch: { topic: AE_TOPIC, partition: 0, messages: [receivedAe(5, 'p0-a', 'Headache'), receivedAe(6, 'shared', 'Fever')] },
    },
    {
      role: 'adverseEvents' as const,
      batch: {
        topic: AE_TOPIC,
        partition: 1,
        messages: [receivedMessage(8, '{not json'), receivedAe(9, 'shared', 'Chills'), receivedAe(10, 'p1-a', 'Rash')],
      },
    },
  ];

  it('stores, dead-letters and reports each partition on its own; an id reused across partitions is a conflict', async () => {
    const results = await ingestTogether(db.dataSource, batches(), '2026-12-02T00:00:00Z');
    expect(results).toEqual([
      { stored: 2, duplicates: 0, deadLetters: 0, lettered: [] },
      {
        stored: 1,
        duplicates: 0,
        deadLetters: 2,
        lettered: [
          expect.objectContaining({ offset: '8', errorClass: 'not-json' }),
          expect.objectContaining({ offset: '9', errorClass: 'conflict', eventId: 'shared' }),
        ],
      },
    ]);
    const stored = await db.dataSource.query(`select event_id, data->>'term' as term from events order by global_position`);
    expect(stored).toEqual([
      { event_id: 'p0-a', term: 'Headache' },
      { event_id: 'shared', term: 'Fever' },
      { event_id: 'p1-a', term: 'Rash' },
    ]);
    const [sharedAt] = await db.dataSource.query(`select global_position::text as gp from events where event_id = 'shared'`);
    const [conflict] = await db.dataSource.query(
      `select partition, "offset"::int, reason from dead_letters where error_class = 'conflict'`,
    );
    expect(conflict).toMatchObject({ partition: 1, offset: 9 });
    expect(conflict.reason).toContain(`global position ${sharedAt.gp}`);
    const outbox = await db.dataSource.query(`select count(*)::int as n from outbox where topic_role = 'deadLetter'`);
    expect(outbox).toEqual([{ n: 2 }]);
  });

  it('a redelivery of both partitions changes nothing', async () => {
    const results = await ingestTogether(db.dataSource, batches(), '2026-12-02T00:01:00Z');
    expect(results.map(({ stored, duplicates, deadLetters }) => ({ stored, duplicates, deadLetters }))).toEqual([
      { stored: 0, duplicates: 2, deadLetters: 0 },
      { stored: 0, duplicates: 1, deadLetters: 0 },
    ]);
    expect(await db.dataSource.query(`select count(*)::int as n from events`)).toEqual([{ n: 3 }]);
    expect(await db.dataSource.query(`select count(*)::int as n from dead_letters`)).toEqual([{ n: 2 }]);
  });

  it('when PostgreSQL refuses one message, every partition is done again on its own and only that message is dead-lettered', async () => {
    const results = await ingestTogether(
      db.dataSource,
      [
        { role: 'adverseEvents', batch: { topic: AE_TOPIC, partition: 2, messages: [receivedAe(1, 'p2-a', 'Cough')] } },
        {
          role: 'adverseEvents',
          batch: { topic: AE_TOPIC, partition: 3, messages: [receivedAe(1, 'p3-nul', 'Rash\u0000'), receivedAe(2, 'p3-b', 'Itch')] },
        },
      ],
      '2026-12-02T00:02:00Z',
    );
    expect(results.map(({ stored, deadLetters }) => ({ stored, deadLetters }))).toEqual([
      { stored: 1, deadLetters: 0 },
      { stored: 1, deadLetters: 1 },
    ]);
    const ids = await db.dataSource.query(`select event_id from events where event_id in ('p2-a', 'p3-nul', 'p3-b') order by event_id`);
    expect(ids).toEqual([{ event_id: 'p2-a' }, { event_id: 'p3-b' }]);
  });
});
