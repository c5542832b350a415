import { Alert } from '@vigil/contracts';
import { RebuildableReaction, StoredEvent } from '@vigil/event-store';
import { ALERT_EVENT_TYPES, ALERT_STREAM_PREFIX, AlertEvent, evolveAlert } from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';

/** Read model `alert_versions`: the whole alert after each change, so `asOf` reads need no replay. */
export class AlertVersionsProjection implements RebuildableReaction {
  readonly name = 'alert-versions';
  readonly eventTypes = ALERT_EVENT_TYPES;

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const ids = [...new Set(events.map((e) => e.streamId.slice(ALERT_STREAM_PREFIX.length)))];
    const latest: { alert: Alert }[] = await tx.query(
      `select distinct on (alert_id) alert from alert_versions where alert_id = any($1::text[]) order by alert_id, version desc`,
      [ids],
    );
    const current = new Map(latest.map((r) => [r.alert.alertId, r.alert]));
    const rows = events.map((event) => {
      const id = event.streamId.slice(ALERT_STREAM_PREFIX.length);
      const alert = evolveAlert(current.get(id), event as unknown as AlertEvent, event.streamPosition);
      current.set(id, alert);
      return { alert_id: id, version: alert.version, trial_id: alert.trialId, at: alert.updatedAt, alert };
    });
    await tx.query(
      `insert into alert_versions select * from jsonb_to_recordset($1::jsonb) as r(alert_id text, version int, trial_id text,
         at timestamptz, alert jsonb) on conflict do nothing`,
      [JSON.stringify(rows)],
    );
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query(`delete from alert_versions`);
  }

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select * from alert_versions order by alert_id, version`);
  }
}
