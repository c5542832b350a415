import { Alert } from '@vigil/contracts';
import { ALERT_ROW_COLUMNS, AlertRow, alertVersionWithHistory, fromAlertRow, timelineEntryData } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { TimelineEntryRow } from './build-timeline';

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The subject's `timeline_entries` recorded at or before `asOf` (all without it), in store order. */
export async function timelineRows(dataSource: DataSource, trialId: string, subjectId: string, asOf?: string): Promise<TimelineEntryRow[]> {
  const rows: TimelineEntryRow[] = await dataSource.query(
    `select t.event_id as "eventId", t.global_position::text as "globalPosition", t.type,
       to_char(t.event_time at time zone 'UTC', ${UTC_ISO}) as time, t.occurred_on::text as "occurredOn", e.data
     from timeline_entries t join events e on e.event_id = t.event_id
     where t.trial_id = $1 and t.subject_id = $2 and ($3::timestamptz is null or t.event_time <= $3::timestamptz)
     order by t.global_position`,
    [trialId, subjectId, asOf ?? null],
  );
  return rows.map((row) => ({ ...row, data: timelineEntryData(row.type, row.data) as TimelineEntryRow['data'] }));
}

/**
 * The subject's alerts: the current rows of `alerts`, or as of a past moment each alert's latest
 * `alert_versions` row with `at <= asOf` (an alert raised later does not exist yet).
 */
export async function subjectAlerts(dataSource: DataSource, trialId: string, subjectId: string, asOf?: string): Promise<Alert[]> {
  if (asOf === undefined) {
    const rows: AlertRow[] = await dataSource.query(`select ${ALERT_ROW_COLUMNS} from alerts where trial_id = $1 and subject_id = $2`, [trialId, subjectId]);
    return rows.map(fromAlertRow);
  }
  const rows: { alert: Alert }[] = await dataSource.query(
    `select ${alertVersionWithHistory()} as alert from (
       select distinct on (alert_id) alert_id, version, alert from alert_versions
       where trial_id = $1 and alert->>'subjectId' = $2 and at <= $3::timestamptz
       order by alert_id, version desc) v
     join alerts a on a.alert_id = v.alert_id`,
    [trialId, subjectId, asOf],
  );
  return rows.map((r) => r.alert);
}
