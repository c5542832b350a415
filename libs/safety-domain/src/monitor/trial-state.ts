import { AlertSlot } from '../alerts/alert-slot';

/** Trial-wide memory: the configuration alert and, per stopping rule, the qualifying subjects and AEs. */
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

export interface StoppingRuleState {
  /** Subjects with at least one matching AE, with those AEs (and the arm, for the DSMB only). */
  qualifying: Record<string, { aeIds: string[]; arm?: string; latest?: { time: string; eventId: string } }>;
  slot?: AlertSlot;
}
