import { Alert, AlertKind, AlertStatus, Severity } from '@vigil/contracts';
import { ALERT_ROW_COLUMNS, AlertRow, alertVersionWithHistory, fromAlertRow, latestAlertVersions } from '@vigil/read-models';
import { DataSource } from 'typeorm';

/** Which alerts of a trial to read; every field narrows the selection. */
export interface AlertSelection {
  alertId?: string;
  status?: AlertStatus;
  kind?: AlertKind;
  severity?: Severity;
  subjectId?: string;
  /** Exclusive: only alerts listed after this position (newest first). */
  before?: string;
  /** Rows to return (undefined: all). */
  limit?: number;
}

export interface ListedAlert {
  alert: Alert;
  /** `alerts.list_position`: the position of the alert's first event, which orders the listing. */
  listPosition: string;
}

/**
 * The one read of the alerts read models, newest first. Without asOf: the current `alerts` rows. With asOf
 * (SPEC §5): per alert its latest `alert_versions` row with `at <= asOf`, its history cut to the entries
 * with `at <= asOf` (a person's acknowledgement is stamped with wall-clock time, so a later version can
 * carry an earlier `at` than the one before it), the filters applied to that state; an alert with no
 * version by then did not exist yet. Order and cursor are the current listing's (`list_position` never
 * changes), so a cursor stays valid across asOf values.
 */
export async function selectAlerts(db: DataSource, trialId: string, asOf: string | undefined, s: AlertSelection): Promise<ListedAlert[]> {
  const filters = [s.alertId, s.status, s.kind, s.severity, s.subjectId, s.before ?? null, s.limit ?? null].map((v) => v ?? null);
  if (asOf === undefined) {
    const rows: AlertRow[] = await db.query(
      `select ${ALERT_ROW_COLUMNS} from alerts
       where trial_id = $1 and ($2::text is null or alert_id = $2) and ($3::text is null or status = $3)
         and ($4::text is null or kind = $4) and ($5::text is null or severity = $5) and ($6::text is null or subject_id = $6)
         and ($7::bigint is null or list_position < $7::bigint)
       order by list_position desc limit $8`,
      [trialId, ...filters],
    );
    return rows.map((row) => ({ alert: fromAlertRow(row), listPosition: row.listPosition }));
  }
  const rows: ListedAlert[] = await db.query(
    // An alert's id, kind and subject never change: those filters narrow the versions before picking the latest.
    `with v as (${latestAlertVersions(`trial_id = $1 and at <= $9::timestamptz and ($2::text is null or alert_id = $2)
       and ($4::text is null or alert->>'kind' = $4) and ($6::text is null or alert->>'subjectId' = $6)`)})
     select ${alertVersionWithHistory('v', 'a', `(e.entry->>'at')::timestamptz <= $9::timestamptz`)} as alert, a.list_position::text as "listPosition"
     from v join alerts a on a.alert_id = v.alert_id
     where ($3::text is null or v.alert->>'status' = $3) and ($5::text is null or v.alert->>'severity' = $5)
       and ($7::bigint is null or a.list_position < $7::bigint)
     order by a.list_position desc limit $8`,
    [trialId, ...filters, asOf],
  );
  return rows.map((row) => ({ alert: normaliseTimes(row.alert), listPosition: row.listPosition }));
}

/** The same time format as the current read (`fromAlertRow`: UTC, milliseconds), whatever the stored JSON says. */
function normaliseTimes(alert: Alert): Alert {
  const iso = (time: string) => new Date(time).toISOString();
  return { ...alert, raisedAt: iso(alert.raisedAt), updatedAt: iso(alert.updatedAt), ...(alert.dueBy ? { dueBy: iso(alert.dueBy) } : {}) };
}
