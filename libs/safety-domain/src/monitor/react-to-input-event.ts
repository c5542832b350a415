import { InputEvent } from '@vigil/contracts';
import { newAeRecord } from '../adverse-events/ae-record';
import { AeRuleSettings } from '../adverse-events/ae-rule-settings';
import { reactToAeNullified, reactToAeVersion, reassessAe } from '../adverse-events/react-to-adverse-event';
import { alertIdFor, assertNever } from '../alerts/alert-scope';
import { Occurrence, reconcileSlot, reconcileSlots } from '../alerts/alert-slot';
import { AlertDecision, AlertView } from '../alerts/alert-view';
import { Protocol } from '../protocol/protocol';
import { updateStoppingRules } from '../stopping-rules/stopping-rules';
import { wantedSubjectAlerts } from '../visits/subject-alerts';
import { daysBetween } from './calendar';
import { SubjectState, VisitRecord } from './subject-state';
import { TrialState } from './trial-state';

export interface TrialRules {
  /** Undefined: the trial has no loaded protocol, only the universal rules apply. */
  protocol?: Protocol;
  adverseEvents: AeRuleSettings;
}

export interface MonitorState {
  subject: SubjectState;
  trial: TrialState;
}

export interface MonitorReaction {
  state: MonitorState;
  decisions: AlertDecision[];
}

/** The monitor's decider: (subject and trial state, input event) → new state and the alert changes it causes. */
export function reactToInputEvent(state: MonitorState, event: InputEvent, rules: TrialRules): MonitorReaction {
  const at: Occurrence = { eventId: event.id, time: event.time };
  const configured = configurationAlert(state.trial, rules, at);
  let { trial } = configured;
  const decisions = [...configured.decisions];
  let subject = evolveSubject(state.subject, event);

  switch (event.type) {
    case 'adverse-event.reported':
    case 'adverse-event.updated':
    case 'adverse-event.nullified': {
      const record = subject.aes[event.data.aeId] ?? newAeRecord(subject.trialId, subject.subjectId, event.data.aeId);
      const reaction =
        event.type === 'adverse-event.nullified'
          ? reactToAeNullified(record, event.data, at)
          : reactToAeVersion(record, event.data, at, rules.adverseEvents, (date) => studyDayOf(subject, date));
      subject = { ...subject, aes: { ...subject.aes, [record.aeId]: reaction.record } };
      decisions.push(...reaction.decisions);
      if (rules.protocol) {
        const stopping = updateStoppingRules(trial, subject, rules.protocol, rules.adverseEvents, at);
        ({ trial, subject } = stopping);
        decisions.push(...stopping.decisions);
      }
      break;
    }
    case 'subject.enrolled':
    case 'treatment.administered': {
      // AEs may have arrived first (another topic): judge them again now that the subject is known.
      const reassessed = reassessAes(subject, trial, rules, at);
      ({ subject, trial } = reassessed);
      decisions.push(...reassessed.decisions);
      const reconciled = reconcileSubjectAlerts(subject, rules, at);
      subject = reconciled.subject;
      decisions.push(...reconciled.decisions);
      break;
    }
    case 'visit.completed':
    case 'visit.missed':
    case 'subject.withdrawn': {
      const reconciled = reconcileSubjectAlerts(subject, rules, at);
      subject = reconciled.subject;
      decisions.push(...reconciled.decisions);
      break;
    }
    default:
      return assertNever(event);
  }
  return { state: { subject, trial }, decisions };
}

/** A clock event reached this subject: "now" moves on, and visits may become overdue. */
export function reactToClock(
  subject: SubjectState,
  tick: Occurrence,
  rules: TrialRules,
): { subject: SubjectState; decisions: AlertDecision[] } {
  if (subject.now && subject.now >= tick.time) return { subject, decisions: [] };
  return reconcileSubjectAlerts({ ...subject, now: tick.time }, rules, tick);
}

function reassessAes(
  subject: SubjectState,
  trial: TrialState,
  rules: TrialRules,
  at: Occurrence,
): MonitorReaction['state'] & { decisions: AlertDecision[] } {
  const aes = { ...subject.aes };
  const decisions: AlertDecision[] = [];
  for (const record of Object.values(subject.aes)) {
    const reaction = reassessAe(record, rules.adverseEvents, (date) => studyDayOf(subject, date));
    aes[record.aeId] = reaction.record;
    decisions.push(...reaction.decisions);
  }
  let next = { subject: { ...subject, aes }, trial };
  if (rules.protocol && Object.keys(aes).length > 0) {
    const stopping = updateStoppingRules(trial, next.subject, rules.protocol, rules.adverseEvents, at);
    next = { subject: stopping.subject, trial: stopping.trial };
    decisions.push(...stopping.decisions);
  }
  return { ...next, decisions };
}

/** What one input event changes in the subject's memory (no alerts): also how the API rebuilds a subject as of a moment. */
export function evolveSubject(subject: SubjectState, event: InputEvent): SubjectState {
  switch (event.type) {
    case 'subject.enrolled':
      return { ...subject, enrolledOn: event.data.enrolledOn, ...(event.data.arm ? { arm: event.data.arm } : {}) };
    case 'treatment.administered':
      return { ...subject, treatedOn: subject.treatedOn ?? event.data.administeredOn };
    case 'subject.withdrawn':
      return { ...subject, withdrawnOn: event.data.withdrawnOn };
    case 'visit.completed': {
      const { visitCode, visitDate, labs, vitals } = event.data;
      return withVisit(subject, { code: visitCode, status: 'completed', visitDate, labs, vitals, time: event.time, eventId: event.id });
    }
    case 'visit.missed':
      return withVisit(subject, {
        code: event.data.visitCode,
        status: 'missed',
        reason: event.data.reason,
        time: event.time,
        eventId: event.id,
      });
    case 'adverse-event.reported':
    case 'adverse-event.updated':
    case 'adverse-event.nullified':
      return subject;
    default:
      return assertNever(event);
  }
}

/** SPEC §2: a second record of the same visit is a correction; the one with the later `time` wins. */
function withVisit(subject: SubjectState, record: VisitRecord): SubjectState {
  const existing = subject.visits[record.code];
  if (existing && Date.parse(existing.time) > Date.parse(record.time)) return subject;
  const clean = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as unknown as VisitRecord;
  return { ...subject, visits: { ...subject.visits, [record.code]: clean } };
}

function reconcileSubjectAlerts(subject: SubjectState, rules: TrialRules, at: Occurrence) {
  if (!rules.protocol) return { subject, decisions: [] };
  const wanted = wantedSubjectAlerts(subject, rules.protocol);
  const { slots, decisions } = reconcileSlots(subject.alerts, () => true, wanted, at);
  return { subject: { ...subject, alerts: slots }, decisions };
}

function configurationAlert(trial: TrialState, rules: TrialRules, at: Occurrence): { trial: TrialState; decisions: AlertDecision[] } {
  const wanted: AlertView | undefined = rules.protocol
    ? undefined
    : {
        alertId: alertIdFor({ kind: 'configuration', trialId: trial.trialId }),
        trialId: trial.trialId,
        kind: 'configuration',
        reasons: ['NO_PROTOCOL'],
        severity: 'low',
        title: `No protocol is loaded for trial ${trial.trialId}: only the universal rules (SAE, SUSAR) are checked`,
        evidence: { firstEvent: at.eventId, remedy: 'add protocols/<trial>.yaml and restart the monitor' },
      };
  if (!wanted && !trial.configuration?.view) return { trial, decisions: [] };
  if (wanted && trial.configuration?.view) return { trial, decisions: [] };
  const { slot, decision } = reconcileSlot(trial.configuration, wanted, at, 'a protocol is now loaded for this trial');
  return { trial: { ...trial, configuration: slot }, decisions: decision ? [decision] : [] };
}

function studyDayOf(subject: SubjectState, date: string): number | undefined {
  return subject.treatedOn ? daysBetween(subject.treatedOn, date) : undefined;
}
