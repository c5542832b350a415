import {
  AdverseEventNullified,
  AdverseEventState,
  InputEvent,
  InputEventDataByType,
  InputEventType,
  SPEC_UTI_FOLLOW_UP,
  SubjectEnrolled,
  VisitCompleted,
} from '@vigil/contracts';
import { TrialRules } from '../monitor/react-to-input-event';
import { trialRulesFromProtocol } from '../monitor/trial-rules';
import { Protocol } from '../protocol/protocol';

// Builders of input events and protocols for domain specs; `given-when-then.ts` runs them through the rules.

let counter = 0;

export function aeVersion(overrides: Partial<AdverseEventState> & { time?: string } = {}): InputEvent {
  const { time = '2021-02-04T10:00:00Z', ...data } = overrides;
  const state: AdverseEventState = { ...SPEC_UTI_FOLLOW_UP, version: 1, ...data };
  state.serious = state.seriousCriteria.length > 0;
  counter += 1;
  return {
    specversion: '1.0',
    id: `evt-${counter}`,
    source: 'edc://site/mayo-fl',
    type: state.version === 1 ? 'adverse-event.reported' : 'adverse-event.updated',
    subject: 'CK-001',
    trialid: 'NCT04410731',
    time,
    data: state,
  };
}

// ---------------------------------------------------------------------------------------------------------
// More builders for the rule-family specs: visit events, nullification, a small explicit protocol, and a
// builder for another subject (stopping rules count across subjects).
// ---------------------------------------------------------------------------------------------------------

export interface EventOptions {
  /** CloudEvent `time`; defaults depend on the builder. */
  time?: string;
  subject?: string;
  trialId?: string;
  id?: string;
}

export const TEST_TRIAL = 'NCT04410731';
export const TEST_SUBJECT = 'CK-001';

export function inputEvent<T extends InputEventType>(
  type: T,
  data: InputEventDataByType[T],
  options: EventOptions & { time: string },
): InputEvent {
  counter += 1;
  return {
    specversion: '1.0',
    id: options.id ?? `evt-${counter}`,
    source: 'edc://site/mayo-fl',
    type,
    subject: options.subject ?? TEST_SUBJECT,
    trialid: options.trialId ?? TEST_TRIAL,
    time: options.time,
    data,
  } as InputEvent;
}

export function enrolled(data: Partial<SubjectEnrolled> = {}, options: EventOptions = {}): InputEvent {
  const full: SubjectEnrolled = { siteId: 'mayo-fl', enrolledOn: '2020-12-20', ...data };
  return inputEvent('subject.enrolled', full, { time: `${full.enrolledOn}T09:00:00Z`, ...options });
}

export function treated(administeredOn = '2021-01-01', options: EventOptions = {}): InputEvent {
  return inputEvent(
    'treatment.administered',
    { administeredOn, product: 'allogeneic BM-MSC' },
    { time: `${administeredOn}T09:00:00Z`, ...options },
  );
}

export function visitCompleted(
  data: Partial<VisitCompleted> & { visitCode: string; visitDate: string },
  options: EventOptions = {},
): InputEvent {
  return inputEvent('visit.completed', data, { time: `${data.visitDate}T12:00:00Z`, ...options });
}

export function visitMissed(visitCode: string, reason?: string, options: EventOptions = {}): InputEvent {
  return inputEvent('visit.missed', { visitCode, ...(reason ? { reason } : {}) }, { time: '2021-03-01T12:00:00Z', ...options });
}

export function withdrawn(withdrawnOn: string, options: EventOptions = {}): InputEvent {
  return inputEvent('subject.withdrawn', { withdrawnOn, reason: 'withdrew consent' }, { time: `${withdrawnOn}T12:00:00Z`, ...options });
}

export function aeNullified(data: Partial<AdverseEventNullified> = {}, options: EventOptions = {}): InputEvent {
  const full: AdverseEventNullified = { aeId: 'CK-001-AE-03', version: 2, reason: 'entered in error', ...data };
  return inputEvent('adverse-event.nullified', full, { time: '2021-02-10T10:00:00Z', ...options });
}

/** `aeVersion` for another subject / trial (the base builder fixes CK-001 in NCT04410731). */
export function aeVersionFor(
  subject: string,
  overrides: Partial<AdverseEventState> & { time?: string } = {},
  trialId = TEST_TRIAL,
): InputEvent {
  return { ...aeVersion(overrides), subject, trialid: trialId };
}

/**
 * A small explicit protocol for boundary tests. Visits (study days from treatment on 2021-01-01):
 * DAY0 0 (0/0), DAY7 7 (−1/+2, days 6..9), M1 30 (±7, days 23..37). Labs alert at grade 2 (PLAT at 1),
 * fever at 38.0 °C, related ≥ possibly, severe ≥ 3, AESIs by PT code, term pattern and a 3-day limit,
 * one stopping rule: 2 subjects with a related grade ≥ 3 AE.
 */
export function testProtocol(overrides: Partial<Protocol> = {}): Protocol {
  return {
    trialId: TEST_TRIAL,
    title: 'Test protocol',
    treatment: { product: 'allogeneic BM-MSC', route: 'facet injection' },
    blinding: { blinded: false, fields: ['arm'] },
    related: { causalityThreshold: 'possibly' },
    severe: { gradeThreshold: 3 },
    visits: [
      { code: 'DAY0', studyDay: 0, windowBeforeDays: 0, windowAfterDays: 0 },
      { code: 'DAY7', studyDay: 7, windowBeforeDays: 1, windowAfterDays: 2 },
      { code: 'M1', studyDay: 30, windowBeforeDays: 7, windowAfterDays: 7, labs: true },
    ],
    aesi: [
      { id: 'EARLY-FEVER', name: 'Fever within 72 h', ptCodes: ['10037660'], termPatterns: ['fever|pyrexia'], withinDaysAfterTreatment: 3 },
      { id: 'MALIGNANCY', name: 'New malignancy', termPatterns: ['carcinoma'] },
      { id: 'VTE', name: 'Thromboembolism', ptCodes: ['10043565'] },
    ],
    labs: { ctcaeVersion: '5.0', alertAtGrade: 2, tests: { PLAT: { alertAtGrade: 1 } } },
    vitals: { feverThresholdC: 38.0 },
    stoppingRules: [
      { id: 'REL-G3', description: 'Two subjects with a related grade ≥ 3 AE', threshold: 2, match: { related: true, minGrade: 3 } },
    ],
    exampleChoices: ['all of it: test fixture'],
    sources: ['none'],
    ...overrides,
  };
}

export function testRules(overrides: Partial<Protocol> = {}): TrialRules {
  return trialRulesFromProtocol(testProtocol(overrides));
}
