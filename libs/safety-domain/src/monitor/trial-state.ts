import { AlertSlot } from '../alerts/alert-slot';

/** Trial-wide memory: the configuration alert and, per stopping rule, its count and most recent qualifying subjects. */
export interface TrialState {
  trialId: string;
  configuration?: AlertSlot;
  stoppingRules: Record<string, StoppingRuleState>;
}

export function newTrialState(trialId: string): TrialState {
  return { trialId, stoppingRules: {} };
}

export function trialScope(trialId: string): string {
  return `trial/${trialId}`;
}

/** One subject's AEs that match a stopping rule (and its arm, for the DSMB only): kept in the subject's state. */
export interface QualifyingEntry {
  aeIds: string[];
  arm?: string;
  latest?: { time: string; eventId: string };
}

export type ListedSubject = QualifyingEntry & { subjectId: string };

export interface StoppingRuleState {
  /** Distinct subjects with at least one matching AE. */
  count: number;
  /** The most recent of them (bounded), for the alert's evidence. */
  listed: ListedSubject[];
  /** The latest matching AE version seen: dates the rule's changes. */
  latest?: { time: string; eventId: string };
  slot?: AlertSlot;
}
