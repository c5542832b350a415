import { InputEvent } from '@vigil/contracts';
import { createKafka, ensureTopics } from '@vigil/messaging';
import { Client } from 'pg';
import { InputTopics, publishAll, waitUntil } from './bench-kafka';

/**
 * The baseline every Vigil figure is compared with: the same messages through a bare kafkajs `eachBatch`
 * consumer group that inserts each batch into a bare table with one `insert … select from unnest(…)`, and
 * commits offsets after it. Timed from the first message produced to the last one inserted.
 */
export async function rawPipeline(brokers: string[], databaseUrl: string, topics: InputTopics, events: InputEvent[]): Promise<number> {
  const base = { visits: `${topics.visits}-raw`, adverseEvents: `${topics.adverseEvents}-raw` };
  await ensureTopics(brokers, Object.values(base), 6);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`create table if not exists raw_events (id text primary key, key text, value jsonb not null)`);
  const consumer = createKafka(brokers, 'vigil-bench-raw').consumer({ groupId: `${base.visits}-group`, maxWaitTimeInMs: 100 });
  let inserted = 0;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: Object.values(base), fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const values = batch.messages.map((m) => m.value?.toString('utf8') ?? 'null');
        await db.query(
          `insert into raw_events (id, key, value) select * from unnest($1::text[], $2::text[], $3::jsonb[]) on conflict do nothing`,
          [values.map((v) => (JSON.parse(v) as { id: string }).id), batch.messages.map((m) => m.key?.toString() ?? null), values],
        );
        inserted += batch.messages.length;
      },
    });
    await new Promise((r) => setTimeout(r, 3000)); // let the group form before timing
    const started = Date.now();
    await publishAll(brokers, base, events);
    await waitUntil(async () => inserted >= events.length, 300_000, 20);
    return events.length / ((Date.now() - started) / 1000);
  } finally {
    await consumer.disconnect();
    await db.query(`drop table if exists raw_events`);
    await db.end();
  }
}
