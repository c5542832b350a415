import { Sql } from '@vigil/event-store';
import { ReportEvent } from './report-events';

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The store position a report at `cutoff` is built from by default: the highest `global_position` among the
 * trial's events dated at or before the cut-off ("0" when there are none).
 */
export async function positionAt(sql: Sql, trialId: string, cutoff: string): Promise<string> {
  const [row]: { position: string | null }[] = await sql.query(
    `select max(global_position)::text as position from events where trial_id = $1 and event_time <= $2::timestamptz`,
    [trialId, cutoff],
  );
  return row?.position ?? '0';
}

/** The trial's events dated at or before `cutoff` and stored at or before `position`, in store order (SPEC §5 asOf). */
export async function loadReportEvents(sql: Sql, trialId: string, cutoff: string, position: string): Promise<ReportEvent[]> {
  const rows: ReportEvent[] = await sql.query(
    `select global_position::text as "globalPosition", type, stream_id as "streamId", stream_position as "streamPosition",
       subject_id as "subjectId", data,
       to_char(event_time at time zone 'UTC', ${UTC_ISO}) as "eventTime",
       to_char(recorded_at at time zone 'UTC', ${UTC_ISO}) as "recordedAt"
     from events
     where trial_id = $1 and event_time <= $2::timestamptz and global_position <= $3::bigint
     order by global_position`,
    [trialId, cutoff, position],
  );
  return rows;
}
