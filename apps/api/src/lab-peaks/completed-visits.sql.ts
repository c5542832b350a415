import { LabResult, VisitCompleted } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { CompletedVisit } from './lab-peaks';

/**
 * Every subject's completed visits with labs (recorded at or before `asOf`), one per visit code: a second
 * record of a visit is a correction and the later `time` wins (store order breaks a tie), as in the rules.
 * Bodies come from the store (`events.data`); `timeline_entries` says which events and when.
 */
export async function completedVisitsWithLabs(db: DataSource, trialId: string, asOf?: string): Promise<CompletedVisit[]> {
  const rows: { subjectId: string; data: VisitCompleted }[] = await db.query(
    `select distinct on (t.subject_id, e.data->>'visitCode') t.subject_id as "subjectId", e.data
     from timeline_entries t join events e on e.event_id = t.event_id
     where t.trial_id = $1 and t.type = 'visit.completed' and ($2::timestamptz is null or t.event_time <= $2::timestamptz)
     order by t.subject_id, e.data->>'visitCode', t.event_time desc, t.global_position desc`,
    [trialId, asOf ?? null],
  );
  return rows
    .filter((row) => Array.isArray(row.data.labs) && row.data.labs.length > 0)
    .map((row) => ({
      subjectId: row.subjectId,
      visitCode: row.data.visitCode,
      visitDate: row.data.visitDate,
      labs: row.data.labs as LabResult[],
    }));
}

/** The trial's subjects and their arms (unblinded: only ever called for callers who may see arms). */
export async function armsOf(db: DataSource, trialId: string): Promise<Map<string, string | null>> {
  const rows: { subjectId: string; arm: string | null }[] = await db.query(
    `select subject_id as "subjectId", arm from subjects where trial_id = $1`,
    [trialId],
  );
  return new Map(rows.map((r) => [r.subjectId, r.arm]));
}
