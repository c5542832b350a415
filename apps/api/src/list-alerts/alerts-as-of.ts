import { Alert } from '@vigil/contracts';
import { alertVersionWithHistory } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { AlertFilters } from './alert-filters';

/**
 * Alerts as they stood at `asOf` (SPEC §5), from `alert_versions`: per alert the highest version with
 * `at <= asOf`, its history cut to the entries with `at <= asOf` (a person's acknowledgement is stamped with
 * wall-clock time, so a later version can carry an earlier `at` than the one before it). An alert with no
 * version by then did not exist yet.
 *
 * Listing order and cursor are those of the current listing (`alerts.list_position`, the position of the
 * alert's first event, newest first): a position never changes, so a cursor stays valid across asOf values.
 */
const AS_OF_ALERT = `${alertVersionWithHistory('v', 'a', `(e.entry->>'at')::timestamptz <= $2::timestamptz`)} as alert`;

const LATEST_BY_AS_OF = `select distinct on (alert_id) alert_id, version, alert from alert_versions
  where trial_id = $1 and at <= $2::timestamptz and ($3::text is null or alert_id = $3) order by alert_id, version desc`;

export async function listAlertsAsOf(dataSource: DataSource, trialId: string, asOf: string, f: AlertFilters): Promise<{ alert: Alert; listPosition: string }[]> {
  const rows: { alert: Alert; listPosition: string }[] = await dataSource.query(
    `with v as (${LATEST_BY_AS_OF})
     select ${AS_OF_ALERT}, a.list_position::text as "listPosition" from v join alerts a on a.alert_id = v.alert_id
     where ($4::text is null or v.alert->>'status' = $4) and ($5::text is null or v.alert->>'kind' = $5)
       and ($6::text is null or v.alert->>'severity' = $6) and ($7::text is null or v.alert->>'subjectId' = $7)
       and ($8::bigint is null or a.list_position < $8::bigint)
     order by a.list_position desc limit $9`,
    [trialId, asOf, null, f.status ?? null, f.kind ?? null, f.severity ?? null, f.subjectId ?? null, f.before ?? null, f.limit + 1],
  );
  return rows.map((row) => ({ alert: normaliseTimes(row.alert), listPosition: row.listPosition }));
}

export async function getAlertAsOf(dataSource: DataSource, trialId: string, alertId: string, asOf: string): Promise<Alert | undefined> {
  const [row]: { alert: Alert }[] = await dataSource.query(
    `with v as (${LATEST_BY_AS_OF}) select ${AS_OF_ALERT} from v join alerts a on a.alert_id = v.alert_id`,
    [trialId, asOf, alertId],
  );
  return row ? normaliseTimes(row.alert) : undefined;
}

/** The same time format as the current read (`fromAlertRow`: UTC, milliseconds), whatever the stored JSON says. */
function normaliseTimes(alert: Alert): Alert {
  const iso = (time: string) => new Date(time).toISOString();
  return { ...alert, raisedAt: iso(alert.raisedAt), updatedAt: iso(alert.updatedAt), ...(alert.dueBy ? { dueBy: iso(alert.dueBy) } : {}) };
}
