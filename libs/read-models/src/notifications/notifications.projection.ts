import { Alert, AlertNotification } from '@vigil/contracts';
import { readStreams, RebuildableReaction, StoredEvent } from '@vigil/event-store';
import { ALERT_EVENT_TYPES, ALERT_STREAM_PREFIX, alertNotificationEvent, AlertEvent, evolveAlert, isNotified } from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';
import { alertVersionWithHistory } from '../alert-history/alert-versions.projection';

/**
 * Read model `notifications`: the sponsor feed for the API, numbered in commit order. Each row is built
 * from the store — the alert right after the change — with the very function that fills the outbox, so
 * both feeds say the same thing and published outbox rows can go without changing the feed, a rebuild or
 * an `asOf` answer.
 */
export class NotificationsProjection implements RebuildableReaction {
  readonly name = 'notifications';
  readonly eventTypes = ALERT_EVENT_TYPES.filter(isNotified);

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const built = await alertsAfter(tx, events);
    const rows = events.map((e) => alertNotificationEvent(e.eventId, e.type as AlertNotification['type'], built.get(e.eventId) as Alert));
    await tx.query(
      `insert into notifications (seq, trial_id, event_id, type, event_time, cloud_event)
       select (select coalesce(max(seq), 0) from notifications) + e.ord, e.n->>'trialid', e.n->>'id', e.n->>'type', (e.n->>'time')::timestamptz, e.n
       from jsonb_array_elements($1::jsonb) with ordinality as e(n, ord)
       order by e.ord
       on conflict (event_id) do nothing`,
      [JSON.stringify(rows)],
    );
  }

  readonly tables = ['notifications'];

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select seq::text, trial_id, event_id, type, event_time, cloud_event from notifications order by seq`);
  }
}

/**
 * The alert right after each change: the `alert_versions` row of that version with the `alerts` row's
 * history (both projected before this one, in the same transaction when they run as a group), else the
 * stream folded from its start.
 */
async function alertsAfter(tx: EntityManager, events: StoredEvent[]): Promise<Map<string, Alert>> {
  const ids = events.map((e) => e.streamId.slice(ALERT_STREAM_PREFIX.length));
  const rows: { ord: string; alert: Alert | null }[] = await tx.query(
    `select w.ord, ${alertVersionWithHistory()} as alert from unnest($1::text[], $2::int[]) with ordinality as w(alert_id, version, ord)
     join alert_versions v on v.alert_id = w.alert_id and v.version = w.version
     join alerts a on a.alert_id = w.alert_id and a.version >= w.version`,
    [ids, events.map((e) => e.streamPosition)],
  );
  const after = new Map<string, Alert>();
  for (const row of rows) if (row.alert) after.set(events[Number(row.ord) - 1].eventId, row.alert);
  const missing = events.filter((e) => !after.has(e.eventId));
  if (missing.length === 0) return after;
  const wanted = new Map(missing.map((e) => [`${e.streamId}#${e.streamPosition}`, e]));
  let alert: Alert | undefined;
  let stream: string | undefined;
  for (const stored of await readStreams(tx, [...new Set(missing.map((e) => e.streamId))])) {
    if (stored.streamId !== stream) [stream, alert] = [stored.streamId, undefined];
    alert = evolveAlert(alert, stored as unknown as AlertEvent, stored.streamPosition);
    const change = wanted.get(`${stored.streamId}#${stored.streamPosition}`);
    if (change) after.set(change.eventId, alert);
  }
  return after;
}
