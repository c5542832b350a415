import { AdverseEventState } from '@vigil/contracts';
import { DataSource } from 'typeorm';

export interface CurrentAdverseEvent {
  subjectId: string;
  ae: AdverseEventState;
  /** The subject's first treatment date (`YYYY-MM-DD`) as known at the same moment, or null; only when asked for. */
  treatedOn?: string | null;
  /** The subject's arm (unblinded): only when asked for. */
  arm?: string | null;
}

/**
 * Each AE's current state from `ae_versions` (SPEC §5 asOf): the highest report version recorded at or
 * before `asOf` (or ever, without it), unless a nullification was recorded by then; nullified AEs are left
 * out. The one "current AE" read, for the listing and the summary.
 * `treatedOn` is `subjects.treated_on`; as of a past moment the first treatment recorded by then (the
 * projection's rule), so a study day never uses a treatment the caller could not have known of.
 * `arm` is read only when `withArm`: an unblinded column is not even selected for a caller who may not see it.
 */
export async function currentAdverseEvents(
  db: DataSource,
  trialId: string,
  options: { asOf?: string; subjectId?: string; withTreatment?: boolean; withArm?: boolean },
): Promise<CurrentAdverseEvent[]> {
  const { asOf, subjectId, withTreatment = false, withArm = false } = options;
  const rows: Required<CurrentAdverseEvent>[] = await db.query(
    `select distinct on (v.ae_id) v.subject_id as "subjectId", v.data as ae,
       case when not $4 then null
            when $2::timestamptz is null then s.treated_on::text
            else (select t.occurred_on::text from timeline_entries t
                  where t.trial_id = v.trial_id and t.subject_id = v.subject_id and t.type = 'treatment.administered'
                    and t.event_time <= $2::timestamptz
                  order by t.global_position limit 1)
       end as "treatedOn",
       case when $5 then s.arm end as arm
     from ae_versions v
     left join subjects s on s.trial_id = v.trial_id and s.subject_id = v.subject_id
     where v.trial_id = $1 and v.kind = 'report'
       and ($2::timestamptz is null or v.event_time <= $2::timestamptz)
       and ($3::text is null or v.subject_id = $3)
       and not exists (
         select 1 from ae_versions n
         where n.trial_id = v.trial_id and n.ae_id = v.ae_id and n.kind = 'nullification'
           and ($2::timestamptz is null or n.event_time <= $2::timestamptz))
     order by v.ae_id, v.version desc`,
    [trialId, asOf ?? null, subjectId ?? null, withTreatment, withArm],
  );
  return rows.map(({ subjectId: s, ae, treatedOn, arm }) => ({
    subjectId: s,
    ae,
    ...(withTreatment ? { treatedOn } : {}),
    ...(withArm ? { arm } : {}),
  }));
}
