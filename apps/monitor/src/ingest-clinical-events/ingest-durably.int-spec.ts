import { KafkaMessage } from 'kafkajs';
import { createTestDatabase } from '../../../../test/support/test-database';
import { ingestDurably } from './ingest-durably';

const message = (offset: number, id: string, term: string): KafkaMessage =>
  ({
    offset: String(offset),
    key: Buffer.from('CK-001'),
    value: Buffer.from(
      JSON.stringify({
        specversion: '1.0', id, source: 'edc://site/mayo-fl', type: 'adverse-event.reported', subject: 'CK-001',
        time: '2021-02-04T10:00:00Z', trialid: 'NCT04410731',
        data: { aeId: `AE-${id}`, version: 1, term, onsetDate: '2021-02-03', endDate: null, grade: 1, serious: false,
          seriousCriteria: [], causality: 'not-related', expectedness: 'expected', outcome: 'recovering' },
      }),
    ),
    timestamp: '0', attributes: 0, headers: {}, size: 0,
  }) as unknown as KafkaMessage;

describe('ingestDurably (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => (db = await createTestDatabase('ingest_durably')));
  afterAll(() => db?.drop());

  it('dead-letters the one message PostgreSQL refuses and stores the rest of its batch', async () => {
    const batch = {
      topic: 'clinical.adverse-events.v1',
      partition: 2,
      messages: [message(10, 'ok-1', 'Headache'), message(11, 'nul', 'Rash\u0000'), message(12, 'ok-2', 'Nausea')],
    };
    const result = await ingestDurably(db.dataSource, batch, 'adverseEvents', '2026-11-22T00:00:00Z');
    expect(result).toEqual({ stored: 2, duplicates: 0, deadLetters: 1 });
    const stored = await db.dataSource.query(`select event_id from events order by event_id`);
    expect(stored).toEqual([{ event_id: 'ok-1' }, { event_id: 'ok-2' }]);
    const [dead] = await db.dataSource.query(`select "offset"::int, error_class, reason, event_id from dead_letters`);
    expect(dead).toMatchObject({ offset: 11, error_class: 'schema', event_id: 'nul' });
    expect(dead.reason).toMatch(/PostgreSQL refused to store it/);
    const [outbox] = await db.dataSource.query(`select topic_role, message_id from outbox`);
    expect(outbox).toEqual({ topic_role: 'deadLetter', message_id: 'clinical.adverse-events.v1/2/11' });

    // Re-delivery of the same batch changes nothing.
    expect(await ingestDurably(db.dataSource, batch, 'adverseEvents', '2026-11-22T00:01:00Z')).toEqual({ stored: 0, duplicates: 2, deadLetters: 0 });
  });
});
