import { latestAlertVersions } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { TrialCountRow } from './trial-overviews';

/**
 * Counts per trial for `GET /api/trials`. `trials` null = every trial. Without asOf: the current read
 * models. With asOf: subjects whose lifecycle events were recorded by then (timeline_entries.event_time,
 * the same clock as every other asOf read), and each alert at its latest version with `at <= asOf`.
 * Every alert status is returned, so a trial whose alerts are all closed is still listed.
 */
export async function loadTrialCounts(dataSource: DataSource, trials: string[] | null, asOf: string | undefined): Promise<TrialCountRow[]> {
  const rows: TrialCountRow[] = await dataSource.query(
    asOf === undefined ? CURRENT : AS_OF,
    asOf === undefined ? [trials] : [trials, asOf],
  );
  return rows.map((row) => ({ ...row, n: Number(row.n) }));
}

const VISIBLE = `($1::text[] is null or trial_id = any($1::text[]))`;
const LIFECYCLE_TYPES = `('subject.enrolled', 'treatment.administered', 'subject.withdrawn')`;

const CURRENT = `
  select trial_id as "trialId", 'subjects' as what, null as status, null as severity, count(*)::int as n
    from subjects where ${VISIBLE} group by trial_id
  union all
  select trial_id, 'alerts', status, severity, count(*)::int from alerts where ${VISIBLE} group by trial_id, status, severity
  union all
  select distinct trial_id, 'aes', null, null, 0 from ae_versions where ${VISIBLE}`;

const AS_OF = `
  select trial_id as "trialId", 'subjects' as what, null as status, null as severity, count(distinct subject_id)::int as n
    from timeline_entries where ${VISIBLE} and type in ${LIFECYCLE_TYPES} and event_time <= $2::timestamptz group by trial_id
  union all
  select trial_id, 'alerts', alert->>'status', alert->>'severity', count(*)::int
    from (${latestAlertVersions(`${VISIBLE} and at <= $2::timestamptz`)}) latest group by 1, 2, 3, 4
  union all
  select distinct trial_id, 'aes', null, null, 0 from ae_versions where ${VISIBLE} and event_time <= $2::timestamptz`;
