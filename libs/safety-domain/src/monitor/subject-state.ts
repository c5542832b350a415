import { idPart, LabResult, Vitals } from '@vigil/contracts';
import { AeRecord } from '../adverse-events/ae-record';
import { AlertSlot } from '../alerts/alert-slot';
import { QualifyingEntry } from './trial-state';

/** The accepted version of a visit: a later correction (by CloudEvent `time`) replaces it. */
export interface VisitRecord {
  code: string;
  status: 'completed' | 'missed';
  visitDate?: string;
  reason?: string;
  time: string;
  eventId: string;
  labs?: LabResult[];
  vitals?: Vitals;
}

/** Everything the rules remember about one subject, evolved in commit order. Stored as JSON between batches. */
export interface SubjectState {
  trialId: string;
  subjectId: string;
  /** Blinded: reaches DSMB evidence only; the API strips it for sponsors. */
  arm?: string;
  enrolledOn?: string;
  treatedOn?: string;
  withdrawnOn?: string;
  /** The latest clock event seen: "now" for overdue visits, identical in every replay. */
  now?: string;
  visits: Record<string, VisitRecord>;
  aes: Record<string, AeRecord>;
  /** Subject-level alerts other than AE alerts (labs, Hy's law, vitals, visit deviations), by scope key. */
  alerts: Record<string, AlertSlot>;
  /** This subject's AEs that match each stopping rule, by rule id (absent: none match). */
  stoppingRules?: Record<string, QualifyingEntry>;
}

export function newSubjectState(trialId: string, subjectId: string): SubjectState {
  return { trialId, subjectId, visits: {}, aes: {}, alerts: {} };
}

/** The subject's key in the rules' memory; parts encoded so that no two trials' subjects share one. */
export function subjectScope(trialId: string, subjectId: string): string {
  return `subject/${idPart(trialId)}/${idPart(subjectId)}`;
}
