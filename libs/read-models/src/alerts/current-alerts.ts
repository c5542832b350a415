import { Alert } from '@vigil/contracts';
import { Sql, StoredEvent, STORED_EVENT_COLUMNS } from '@vigil/event-store';
import { ALERT_STREAM_PREFIX, AlertEvent, alertStreamId, evolveAlert } from '@vigil/safety-domain';
import { ALERT_ROW_COLUMNS, AlertRow, fromAlertRow } from './alert-row';

/**
 * Each alert as its stream in the store says now: the `alerts` row (the stream folded up to its version)
 * plus the events the projection has not folded yet. What this reads is proportional to the alerts asked
 * for and to what is new on their streams, not to their whole history: folding a stopping rule's stream
 * from its start cost more with every subject that joined it. Missing or lagging rows only mean more of
 * the stream is folded; the answer is the same.
 */
export async function currentAlerts(sql: Sql, alertIds: string[]): Promise<Map<string, Alert>> {
  const alerts = new Map<string, Alert>();
  if (alertIds.length === 0) return alerts;
  const rows: AlertRow[] = await sql.query(`select ${ALERT_ROW_COLUMNS} from alerts where alert_id = any($1::text[])`, [alertIds]);
  for (const row of rows) alerts.set(row.alertId, fromAlertRow(row));
  const newer: StoredEvent[] = await sql.query(
    `select ${STORED_EVENT_COLUMNS} from unnest($1::text[], $2::int[]) as w(wanted_stream, after_position)
     cross join lateral (select * from events e where e.stream_id = w.wanted_stream and e.stream_position > w.after_position) e
     order by e.stream_id, e.stream_position`,
    [alertIds.map(alertStreamId), alertIds.map((id) => alerts.get(id)?.version ?? 0)],
  );
  for (const event of newer) {
    const id = event.streamId.slice(ALERT_STREAM_PREFIX.length);
    alerts.set(id, evolveAlert(alerts.get(id), event as unknown as AlertEvent, event.streamPosition));
  }
  return alerts;
}
