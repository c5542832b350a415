import { RebuildableReaction, StoredEvent } from '@vigil/event-store';
import { ALERT_EVENT_TYPES, isNotified } from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';

/**
 * Read model `notifications`: the sponsor feed for the API, numbered in commit order. It copies the very
 * CloudEvent the outbox put on Kafka (committed with the alert change), so both feeds say the same thing.
 */
export class NotificationsProjection implements RebuildableReaction {
  readonly name = 'notifications';
  readonly eventTypes = ALERT_EVENT_TYPES.filter(isNotified);

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    await tx.query(
      `insert into notifications (seq, trial_id, event_id, type, event_time, cloud_event)
       select (select coalesce(max(seq), 0) from notifications) + e.ord, o.value->>'trialid', o.message_id,
              o.value->>'type', (o.value->>'time')::timestamptz, o.value
       from unnest($1::text[]) with ordinality as e(event_id, ord)
       join outbox o on o.topic_role = 'notifications' and o.message_id = e.event_id
       order by e.ord
       on conflict (event_id) do nothing`,
      [events.map((e) => e.eventId)],
    );
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query(`delete from notifications`);
  }

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select seq::text, trial_id, event_id, type, event_time, cloud_event from notifications order by seq`);
  }
}
