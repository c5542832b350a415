import { Alert, AlertNotification } from '@vigil/contracts';
import { readStreams, RebuildableReaction, StoredEvent } from '@vigil/event-store';
import { ALERT_EVENT_TYPES, alertNotificationEvent, AlertEvent, evolveAlert, isNotified } from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';

/**
 * Read model `notifications`: the sponsor feed for the API, numbered in commit order. Each row is built
 * from the store — the alert folded up to the change — with the very function that fills the outbox, so
 * both feeds say the same thing and published outbox rows can go without changing the feed, a rebuild or
 * an `asOf` answer.
 */
export class NotificationsProjection implements RebuildableReaction {
  readonly name = 'notifications';
  readonly eventTypes = ALERT_EVENT_TYPES.filter(isNotified);

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const wanted = new Map(events.map((e) => [`${e.streamId}#${e.streamPosition}`, e]));
    const built = new Map<string, AlertNotification>();
    let alert: Alert | undefined;
    let stream: string | undefined;
    for (const stored of await readStreams(tx, [...new Set(events.map((e) => e.streamId))])) {
      if (stored.streamId !== stream) [stream, alert] = [stored.streamId, undefined];
      alert = evolveAlert(alert, stored as unknown as AlertEvent, stored.streamPosition);
      const change = wanted.get(`${stored.streamId}#${stored.streamPosition}`);
      if (change) built.set(change.eventId, alertNotificationEvent(change.eventId, change.type as AlertNotification['type'], alert));
    }
    const rows = events.map((e) => built.get(e.eventId) as AlertNotification);
    await tx.query(
      `insert into notifications (seq, trial_id, event_id, type, event_time, cloud_event)
       select (select coalesce(max(seq), 0) from notifications) + e.ord, e.n->>'trialid', e.n->>'id', e.n->>'type', (e.n->>'time')::timestamptz, e.n
       from jsonb_array_elements($1::jsonb) with ordinality as e(n, ord)
       order by e.ord
       on conflict (event_id) do nothing`,
      [JSON.stringify(rows)],
    );
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query(`delete from notifications`);
  }

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select seq::text, trial_id, event_id, type, event_time, cloud_event from notifications order by seq`);
  }
}
