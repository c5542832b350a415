import { INPUT_EVENT_TYPES } from '@vigil/contracts';
import { Sql } from '@vigil/event-store';
import { ALERT_EVENT_TYPES } from '@vigil/safety-domain';
import { ReportEvent } from './report-events';

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The cut-off as PostgreSQL reads it, in UTC ISO (microseconds when it has them): what the report prints and
 * compares. Normalised by the database, not by Date, so every time the API accepts (years 1 to 294276, offsets,
 * nanoseconds) gives the instant the SQL filters on.
 */
export async function normaliseCutoff(sql: Sql, cutoff: string): Promise<string> {
  const [row]: { cutoff: string }[] = await sql.query(
    `select to_char($1::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cutoff`,
    [cutoff],
  );
  return row.cutoff.replace(/(\.\d{3})000Z$/, '$1Z');
}

/**
 * The store position a report at `cutoff` is built from by default: the highest `global_position` among the
 * trial's events dated at or before the cut-off ("0" when there are none), taken only from transactions older
 * than every transaction still running (the store's commit-order horizon, as its readers use): a transaction
 * that took lower positions and commits later then lands above the printed position, in the next issue's
 * "What changed", instead of changing this issue when it is asked for again.
 */
export async function positionAt(sql: Sql, trialId: string, cutoff: string): Promise<string> {
  const [row]: { position: string | null }[] = await sql.query(
    `select max(global_position)::text as position from events
     where trial_id = $1 and event_time <= $2::timestamptz and transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
    [trialId, cutoff],
  );
  return row?.position ?? '0';
}

/** What the report reads: the clinical input and the alerts' changes (not clock ticks or other derived facts). */
export const REPORT_EVENT_TYPES: readonly string[] = [...INPUT_EVENT_TYPES, ...ALERT_EVENT_TYPES];

/** The trial's events of those types dated at or before `cutoff` and stored at or before `position`, in store order (SPEC §5 asOf). */
export async function loadReportEvents(sql: Sql, trialId: string, cutoff: string, position: string): Promise<ReportEvent[]> {
  const rows: ReportEvent[] = await sql.query(
    `select global_position::text as "globalPosition", type, stream_id as "streamId", stream_position as "streamPosition",
       subject_id as "subjectId", data,
       to_char(event_time at time zone 'UTC', ${UTC_ISO}) as "eventTime",
       to_char(recorded_at at time zone 'UTC', ${UTC_ISO}) as "recordedAt"
     from events
     where trial_id = $1 and event_time <= $2::timestamptz and global_position <= $3::bigint and type = any($4::text[])
     order by global_position`,
    [trialId, cutoff, position, REPORT_EVENT_TYPES],
  );
  return rows;
}
