import { AdverseEventState } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { CurrentAe } from './summarise-adverse-events';

/**
 * The AEs of a trial as they stand (or stood at `asOf`, SPEC §5): per AE the highest report version (with
 * `event_time <= asOf`), unless a nullification (with `event_time <= asOf`) exists. The arm is read only
 * when `withArm`: an unblinded column is not even selected for a caller who may not see it.
 */
export async function loadCurrentAes(dataSource: DataSource, trialId: string, asOf: string | undefined, withArm: boolean): Promise<CurrentAe[]> {
  const rows: { subjectId: string; ae: AdverseEventState; arm: string | null }[] = await dataSource.query(
    `select distinct on (r.ae_id) r.subject_id as "subjectId", r.data as ae, case when $3 then s.arm end as arm
     from ae_versions r left join subjects s on s.trial_id = r.trial_id and s.subject_id = r.subject_id
     where r.trial_id = $1 and r.kind = 'report' and ($2::timestamptz is null or r.event_time <= $2::timestamptz)
       and not exists (select 1 from ae_versions n where n.trial_id = r.trial_id and n.ae_id = r.ae_id
                       and n.kind = 'nullification' and ($2::timestamptz is null or n.event_time <= $2::timestamptz))
     order by r.ae_id, r.version desc`,
    [trialId, asOf ?? null, withArm],
  );
  return rows.map((row) => (withArm ? row : { subjectId: row.subjectId, ae: row.ae }));
}

/** Subjects per arm with lifecycle data (by asOf: recorded by then), the denominators of the summary. */
export async function loadEnrolment(dataSource: DataSource, trialId: string, asOf: string | undefined, withArm: boolean): Promise<{ arm: string | null; subjects: number }[]> {
  const rows: { arm: string | null; subjects: number }[] = await dataSource.query(
    `select case when $3 then s.arm end as arm, count(*)::int as subjects from subjects s
     where s.trial_id = $1 and ($2::timestamptz is null or exists (
       select 1 from timeline_entries t where t.trial_id = s.trial_id and t.subject_id = s.subject_id
         and t.type in ('subject.enrolled', 'treatment.administered', 'subject.withdrawn') and t.event_time <= $2::timestamptz))
     group by 1`,
    [trialId, asOf ?? null, withArm],
  );
  return rows.map((row) => ({ arm: row.arm, subjects: Number(row.subjects) }));
}
