import { InputEvent, VISIT_EVENT_TYPES } from '@vigil/contracts';
import { CLOCK_STREAM } from '@vigil/safety-domain';
import { DataSource } from 'typeorm';

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The trial's visit-topic events (enrolment, treatment, visits, missed visits, withdrawal) recorded at or
 * before `asOf`, in store order: `timeline_entries` says which and when, the store holds the bodies.
 */
export async function visitTopicEvents(db: DataSource, trialId: string, asOf?: string): Promise<InputEvent[]> {
  const rows: { id: string; type: InputEvent['type']; subject: string; time: string; data: InputEvent['data'] }[] = await db.query(
    `select t.event_id as id, t.type, t.subject_id as subject, to_char(t.event_time at time zone 'UTC', ${UTC_ISO}) as time, e.data
     from timeline_entries t join events e on e.event_id = t.event_id
     where t.trial_id = $1 and t.type = any($2::text[]) and ($3::timestamptz is null or t.event_time <= $3::timestamptz)
     order by t.global_position`,
    [trialId, VISIT_EVENT_TYPES, asOf ?? null],
  );
  return rows.map((row) => ({ specversion: '1.0', source: 'vigil:timeline', trialid: trialId, ...row }) as InputEvent);
}

/** The latest clock event in the store: "now" as the rules know it (undefined: no tick yet). */
export async function latestClockTick(db: DataSource): Promise<string | undefined> {
  const [row] = await db.query(`select data->>'now' as now from events where stream_id = $1 order by stream_position desc limit 1`, [
    CLOCK_STREAM,
  ]);
  return row?.now ?? undefined;
}
