import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { AlertDecision } from '../alerts/alert-view';
import { UNIVERSAL_AE_RULES } from '../adverse-events/ae-rule-settings';
import { newSubjectState, SubjectState } from '../monitor/subject-state';
import { newTrialState, TrialState } from '../monitor/trial-state';
import { reactToClock, reactToInputEvent, TrialRules } from '../monitor/react-to-input-event';

/** A clock tick in a `given` list: time passing with no EDC event. */
export interface Tick {
  tick: string;
}

/** Test helper: feed events through the decider and collect what it decided. */
export function given(events: (InputEvent | Tick)[], rules: TrialRules = { adverseEvents: UNIVERSAL_AE_RULES }): {
  state: SubjectState;
  trial: TrialState;
  decisions: AlertDecision[];
} {
  const first = events.find((e): e is InputEvent => !('tick' in e));
  let subject = newSubjectState(first?.trialid ?? 'T', first?.subject ?? 'S');
  let trial = newTrialState(subject.trialId);
  const decisions: AlertDecision[] = [];
  for (const event of events) {
    if ('tick' in event) {
      const reaction = reactToClock(subject, { eventId: `tick-${event.tick}`, time: event.tick }, rules);
      subject = reaction.subject;
      decisions.push(...reaction.decisions);
      continue;
    }
    const reaction = reactToInputEvent({ subject, trial }, event, rules);
    ({ subject, trial } = reaction.state);
    decisions.push(...reaction.decisions);
  }
  return { state: subject, trial, decisions };
}

let counter = 0;

export function aeVersion(overrides: Partial<AdverseEventState> & { time?: string } = {}): InputEvent {
  const { time = '2021-02-04T10:00:00Z', ...data } = overrides;
  const state: AdverseEventState = {
    aeId: 'CK-001-AE-03',
    version: 1,
    term: 'Urinary tract infection',
    meddra: { ptCode: '10046571', pt: 'Urinary tract infection', socCode: '10021881', soc: 'Infections and infestations' },
    onsetDate: '2021-02-03',
    endDate: null,
    grade: 2,
    serious: false,
    seriousCriteria: [],
    causality: 'not-related',
    expectedness: 'expected',
    outcome: 'recovering',
    ...data,
  };
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
