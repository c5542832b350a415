import { CloudEvent } from '../cloud-event';
import { AdverseEventNullified, AdverseEventState } from './adverse-events';
import { SubjectEnrolled, SubjectWithdrawn, TreatmentAdministered, VisitCompleted, VisitMissed } from './visit-events';

/** `type` → `data` for every input event Vigil accepts. Adding a type here forces every switch to handle it. */
export interface InputEventDataByType {
  'subject.enrolled': SubjectEnrolled;
  'treatment.administered': TreatmentAdministered;
  'visit.completed': VisitCompleted;
  'visit.missed': VisitMissed;
  'subject.withdrawn': SubjectWithdrawn;
  'adverse-event.reported': AdverseEventState;
  'adverse-event.updated': AdverseEventState;
  'adverse-event.nullified': AdverseEventNullified;
}

export type InputEventType = keyof InputEventDataByType;

export const VISIT_EVENT_TYPES = [
  'subject.enrolled',
  'treatment.administered',
  'visit.completed',
  'visit.missed',
  'subject.withdrawn',
] as const satisfies readonly InputEventType[];

export const ADVERSE_EVENT_TYPES = [
  'adverse-event.reported',
  'adverse-event.updated',
  'adverse-event.nullified',
] as const satisfies readonly InputEventType[];

export const INPUT_EVENT_TYPES: readonly InputEventType[] = [...VISIT_EVENT_TYPES, ...ADVERSE_EVENT_TYPES];

/** A validated input event: CloudEvent with required `subject` and `trialid`. */
export type InputEvent = {
  [T in InputEventType]: CloudEvent<T, InputEventDataByType[T]> & { subject: string; trialid: string };
}[InputEventType];

export type InputEventOf<T extends InputEventType> = Extract<InputEvent, { type: T }>;
