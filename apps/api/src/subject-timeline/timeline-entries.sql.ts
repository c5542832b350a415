import { timelineEntryData } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { TimelineEntryRow } from './build-timeline';

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The subject's `timeline_entries` recorded at or before `asOf` (all without it), in store order. */
export async function timelineRows(db: DataSource, trialId: string, subjectId: string, asOf?: string): Promise<TimelineEntryRow[]> {
  const rows: TimelineEntryRow[] = await db.query(
    `select t.event_id as "eventId", t.global_position::text as "globalPosition", t.type,
       to_char(t.event_time at time zone 'UTC', ${UTC_ISO}) as time, t.occurred_on::text as "occurredOn", e.data
     from timeline_entries t join events e on e.event_id = t.event_id
     where t.trial_id = $1 and t.subject_id = $2 and ($3::timestamptz is null or t.event_time <= $3::timestamptz)
     order by t.global_position`,
    [trialId, subjectId, asOf ?? null],
  );
  return rows.map((row) => ({ ...row, data: timelineEntryData(row.type, row.data) as TimelineEntryRow['data'] }));
}
