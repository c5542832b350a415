import { Alert } from '@vigil/contracts';
import { RebuildableReaction, StoredEvent } from '@vigil/event-store';
import { ALERT_EVENT_TYPES, ALERT_STREAM_PREFIX, AlertEvent, evolveAlert } from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';
import { AlertRow, fromAlertRow, toAlertRowValues, ALERT_ROW_COLUMNS } from './alert-row';

/** Read model `alerts`: one row per alert with its full history, for the API. Rebuildable from the store. */
export class AlertsProjection implements RebuildableReaction {
  readonly name = 'alerts';
  readonly eventTypes = ALERT_EVENT_TYPES;

  readonly tables = ['alerts'];

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select ${ALERT_ROW_COLUMNS} from alerts order by alert_id`);
  }

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const idOf = (e: StoredEvent) => e.streamId.slice(ALERT_STREAM_PREFIX.length);
    const ids = [...new Set(events.map(idOf))];
    const rows: AlertRow[] = await tx.query(`select ${ALERT_ROW_COLUMNS} from alerts where alert_id = any($1::text[])`, [ids]);
    const current = new Map(rows.map((r) => [r.alertId, { alert: fromAlertRow(r), listPosition: r.listPosition }]));
    for (const event of events) {
      const id = idOf(event);
      const before = current.get(id);
      const alert: Alert = evolveAlert(before?.alert, event as unknown as AlertEvent, event.streamPosition);
      current.set(id, { alert, listPosition: before?.listPosition ?? event.globalPosition });
    }
    const values = [...current.values()].map(({ alert, listPosition }) => toAlertRowValues(alert, listPosition));
    await tx.query(
      `insert into alerts (alert_id, trial_id, kind, subject_id, ae_id, visit_code, status, severity, reasons, title,
         raised_at, updated_at, due_by, evidence, version, history, list_position)
       select * from jsonb_to_recordset($1::jsonb) as r(alert_id text, trial_id text, kind text, subject_id text,
         ae_id text, visit_code text, status text, severity text, reasons text[], title text, raised_at timestamptz,
         updated_at timestamptz, due_by timestamptz, evidence jsonb, version int, history jsonb, list_position bigint)
       on conflict (alert_id) do update set status = excluded.status, severity = excluded.severity,
         reasons = excluded.reasons, title = excluded.title, raised_at = excluded.raised_at,
         updated_at = excluded.updated_at, due_by = excluded.due_by, evidence = excluded.evidence,
         version = excluded.version, history = excluded.history`,
      [JSON.stringify(values)],
    );
  }
}
