import { AeRecord } from '../adverse-events/ae-record';

/** Everything the rules remember about one subject, evolved in commit order. Stored as JSON between batches. */
export interface SubjectState {
  trialId: string;
  subjectId: string;
  treatedOn?: string;
  withdrawnOn?: string;
  aes: Record<string, AeRecord>;
}

export function newSubjectState(trialId: string, subjectId: string): SubjectState {
  return { trialId, subjectId, aes: {} };
}

export function subjectScope(trialId: string, subjectId: string): string {
  return `subject/${trialId}/${subjectId}`;
}
