import { InputEvent } from '@vigil/contracts';
import { newAeRecord } from '../adverse-events/ae-record';
import { AeRuleSettings } from '../adverse-events/ae-rule-settings';
import { reactToAeNullified, reactToAeVersion } from '../adverse-events/react-to-adverse-event';
import { assertNever } from '../alerts/alert-scope';
import { AlertDecision } from '../alerts/alert-view';
import { SubjectState } from './subject-state';

export interface TrialRules {
  adverseEvents: AeRuleSettings;
}

export interface SubjectReaction {
  state: SubjectState;
  decisions: AlertDecision[];
}

/** The decider of the monitor for one subject: (state, event) → new state and the alert changes it causes. */
export function reactToInputEvent(state: SubjectState, event: InputEvent, rules: TrialRules): SubjectReaction {
  const at = { eventId: event.id, time: event.time };
  switch (event.type) {
    case 'subject.enrolled':
    case 'visit.completed':
    case 'visit.missed':
      return { state, decisions: [] };
    case 'treatment.administered':
      return { state: { ...state, treatedOn: state.treatedOn ?? event.data.administeredOn }, decisions: [] };
    case 'subject.withdrawn':
      return { state: { ...state, withdrawnOn: event.data.withdrawnOn }, decisions: [] };
    case 'adverse-event.reported':
    case 'adverse-event.updated': {
      const record = state.aes[event.data.aeId] ?? newAeRecord(state.trialId, state.subjectId, event.data.aeId);
      const studyDay = daysBetween(state.treatedOn, event.data.onsetDate);
      const { record: next, decisions } = reactToAeVersion(record, event.data, at, rules.adverseEvents, studyDay);
      return { state: { ...state, aes: { ...state.aes, [next.aeId]: next } }, decisions };
    }
    case 'adverse-event.nullified': {
      const record = state.aes[event.data.aeId] ?? newAeRecord(state.trialId, state.subjectId, event.data.aeId);
      const { record: next, decisions } = reactToAeNullified(record, event.data, at);
      return { state: { ...state, aes: { ...state.aes, [next.aeId]: next } }, decisions };
    }
    default:
      return assertNever(event);
  }
}

/** Whole days from `from` to `to` (calendar dates), or undefined when `from` is unknown. */
export function daysBetween(from: string | undefined, to: string): number | undefined {
  if (!from) return undefined;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
