import { randomUUID } from 'node:crypto';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DEFAULT_TOPICS } from '@vigil/contracts';
import { createKafka, ensureTopics } from '@vigil/messaging';
import { loadConfig, PlatformModule } from '@vigil/platform';
import { aeReport } from '../../../../test/support/received-messages';
import { createTestDatabase } from '../../../../test/support/test-database';
import { IngestClinicalEventsModule } from './ingest-clinical-events.module';

/**
 * The ingest capability as the monitor composes it (Kafka consumer → CommandBus → RecordIngestedBatch),
 * against the real broker and PostgreSQL: while the store refuses writes, the command's error reaches the
 * consumer, which retries and commits no offset; once the store accepts them again, every message is
 * stored and only then is the offset committed.
 */
const brokers = (process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const kafka = createKafka(brokers, 'vigil-record-ingested-batch-test');

const aeMessage = (id: string) => JSON.stringify(aeReport(id, 'Headache'));

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

@Module({})
class IngestUnderTest {}

describe('RecordIngestedBatch dispatched by the Kafka consumer (real broker and PostgreSQL)', () => {
  const id = randomUUID().slice(0, 8);
  const topics = { ...DEFAULT_TOPICS, adverseEvents: `vigil.record-batch.ae.${id}`, visits: `vigil.record-batch.visits.${id}` };
  const groupId = `vigil-record-batch-${id}`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: ReturnType<typeof kafka.admin>;
  let app: INestApplicationContext | undefined;

  const attempts = async () =>
    Number((await db.dataSource.query(`select case when is_called then last_value else 0 end as n from ingest_attempts`))[0].n);
  const stored = async () => (await db.dataSource.query(`select count(*)::int as n from events`))[0].n as number;
  const committed = async () => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topics.adverseEvents] });
    return Number(offsets.partitions[0].offset);
  };

  beforeAll(async () => {
    db = await createTestDatabase('record_ingested_batch');
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(brokers, [topics.adverseEvents, topics.visits], 1);
  });

  afterAll(async () => {
    await app?.close();
    await admin?.deleteTopics({ topics: [topics.adverseEvents, topics.visits], timeout: 10_000 }).catch(() => undefined);
    await admin?.disconnect();
    await db?.drop();
  });

  it('commits no offset while the command fails, and stores everything once it succeeds', async () => {
    // The store refuses every insert into events, counting the attempts (a sequence is not rolled back).
    await db.dataSource.query(`
      create sequence ingest_attempts;
      create function refuse_events() returns trigger language plpgsql as $$
      begin perform nextval('ingest_attempts'); raise exception 'the store refuses writes (test)'; end $$;
      create trigger refuse_events before insert on events for each statement execute function refuse_events();`);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topics.adverseEvents,
      messages: ['a', 'b', 'c'].map((n) => ({ key: 'CK-001', value: aeMessage(`${id}-${n}`) })),
    });
    await producer.disconnect();

    const config = {
      ...loadConfig(),
      databaseUrl: db.url,
      kafkaBrokers: brokers,
      topics,
      consumerGroup: groupId,
      kafkaSessionTimeoutMs: 6_000,
    };
    app = await NestFactory.createApplicationContext(
      {
        module: IngestUnderTest,
        imports: [PlatformModule.forRoot({ config, poolSize: 4 }), CqrsModule.forRoot(), IngestClinicalEventsModule],
      },
      { logger: false, abortOnError: false },
    );

    await until('the consumer to try the batch again after the command failed', async () => (await attempts()) >= 2);
    expect(await stored()).toBe(0);
    expect(await committed()).toBe(-1); // nothing committed: the batch will be delivered again

    await db.dataSource.query(`drop trigger refuse_events on events`);
    await until('the three events in the store', async () => (await stored()) === 3);
    await until('the offset after them committed', async () => (await committed()) === 3);
  });
});
