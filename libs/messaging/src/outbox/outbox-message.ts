import { TopicRole } from '@vigil/contracts';
import { notifyOnCommit, WAKE_CHANNELS } from '@vigil/platform';

/** A message to publish once the transaction that wrote it commits. `messageId` makes re-enqueueing a no-op. */
export interface OutboxMessage {
  topicRole: Extract<TopicRole, 'notifications' | 'deadLetter'>;
  key: string | null;
  messageId: string;
  value: unknown;
}

interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own signature; callers type the rows they read
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

export async function enqueueOutbox(sql: Sql, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await sql.query(
    `insert into outbox (topic_role, message_key, message_id, value)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
     on conflict (topic_role, message_id) do nothing`,
    [
      messages.map((m) => m.topicRole),
      messages.map((m) => m.key),
      messages.map((m) => m.messageId),
      messages.map((m) => JSON.stringify(m.value)),
    ],
  );
  await notifyOnCommit(sql, WAKE_CHANNELS.outbox);
}
