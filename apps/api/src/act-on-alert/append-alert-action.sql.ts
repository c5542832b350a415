import { ConcurrencyError, NewEvent, Sql, StoredEvent, STORED_EVENT_COLUMNS } from '@vigil/event-store';
import { OutboxMessage } from '@vigil/messaging';

/**
 * The API's only write. Its role (vigil_api) may not INSERT into `events` or `outbox`: the acknowledge or
 * close goes through `vigil_append_alert_action` (SECURITY DEFINER, migration 1763800007000), which appends
 * it at `expectedVersion` of the alert's stream and queues its notification, in the caller's transaction.
 */
export async function appendAlertAction(
  sql: Sql,
  expectedVersion: number,
  event: NewEvent,
  notification: OutboxMessage,
): Promise<StoredEvent> {
  const [stored] = await sql.query(
    `select ${STORED_EVENT_COLUMNS} from vigil_append_alert_action($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10::jsonb)`,
    [
      event.streamId,
      expectedVersion,
      event.eventId,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata ?? {}),
      event.eventTime,
      event.trialId ?? null,
      event.subjectId ?? null,
      JSON.stringify(notification.value),
    ],
  );
  // No row: the stream moved on since the decision (a rule change, another person): decide again.
  if (!stored) throw new ConcurrencyError(event.streamId, expectedVersion);
  return stored as StoredEvent;
}
