import { DataSource } from 'typeorm';

/** Subjects per arm with lifecycle data (by asOf: recorded by then), the denominators of the summary. */
export async function loadEnrolment(
  db: DataSource,
  trialId: string,
  asOf: string | undefined,
  withArm: boolean,
): Promise<{ arm: string | null; subjects: number }[]> {
  const rows: { arm: string | null; subjects: number }[] = await db.query(
    `select case when $3 then s.arm end as arm, count(*)::int as subjects from subjects s
     where s.trial_id = $1 and ($2::timestamptz is null or exists (
       select 1 from timeline_entries t where t.trial_id = s.trial_id and t.subject_id = s.subject_id
         and t.type in ('subject.enrolled', 'treatment.administered', 'subject.withdrawn') and t.event_time <= $2::timestamptz))
     group by 1`,
    [trialId, asOf ?? null, withArm],
  );
  return rows.map((row) => ({ arm: row.arm, subjects: Number(row.subjects) }));
}
