import { AlertKind, InputEvent } from '@vigil/contracts';
import { UNIVERSAL_AE_RULES } from '../adverse-events/ae-rule-settings';
import { AlertDecision, AlertView } from '../alerts/alert-view';
import { reactToClock, reactToInputEvent, TrialRules } from '../monitor/react-to-input-event';
import { newSubjectState, SubjectState } from '../monitor/subject-state';
import { newTrialState, TrialState } from '../monitor/trial-state';
import { describeValue, mismatches } from './partial-match';

/** A clock tick: time passing with no EDC event. Without a subject it reaches every subject seen so far. */
export interface Tick {
  tick: string;
  subject?: string;
}

export const tick = (at: string, subject?: string): Tick => (subject ? { tick: at, subject } : { tick: at });

/** What a rule change says, flattened: the change and its view side by side, as a reader names them. */
export type DecidedAlert = Omit<AlertDecision, 'view'> & AlertView;

/**
 * Part of a decided change, matched recursively: objects by their listed keys, arrays element by element
 * (same length), a RegExp against a string, `undefined` for "absent". Keys not listed are not checked.
 */
export type AlertExpectation = { [K in keyof DecidedAlert]?: unknown };

/**
 * A domain scenario: given a history, when an event (or a clock tick) arrives, then these alert changes
 * are decided. Each `then…` checks the decisions of the latest step only (the `given` history is the
 * first step) and returns the scenario, so a spec may go on with another `when`. A failed check throws
 * an error that lists the expected changes and every change the rules actually decided.
 *
 *   given([aeVersion({ seriousCriteria: ['hospitalization'] })])
 *     .thenAlert('adverse-event', { change: 'alert.raised', reasons: ['SERIOUS'], severity: 'high' })
 *     .when(aeVersion({ version: 2, outcome: 'recovered' }))
 *     .thenAlert('adverse-event', { change: 'alert.withdrawn' });
 */
export class Scenario {
  private subjectStates: Record<string, SubjectState> = {};
  private trialState?: TrialState;
  private readonly all: AlertDecision[] = [];
  private latest: AlertDecision[] = [];
  private latestLabel = '';

  constructor(private readonly rules: TrialRules) {}

  /** Every change decided so far, in order. */
  get decisions(): AlertDecision[] {
    return [...this.all];
  }

  /** The state of the first subject seen (most scenarios have one). */
  get state(): SubjectState {
    return Object.values(this.subjectStates)[0] ?? newSubjectState(this.trial.trialId, 'S');
  }

  get subjects(): Record<string, SubjectState> {
    return { ...this.subjectStates };
  }

  get trial(): TrialState {
    return this.trialState ?? newTrialState('T');
  }

  /** The changes of the latest step (of one kind, when given), for checks the `then…` methods do not cover. */
  decided(kind?: AlertKind): AlertDecision[] {
    return this.latest.filter((d) => !kind || d.view.kind === kind);
  }

  /** A step: these events (or ticks) arrive in order; their decisions replace those of the previous step. */
  when(...events: (InputEvent | Tick)[]): this {
    this.latest = [];
    for (const event of events) this.latest.push(...this.apply(event));
    this.all.push(...this.latest);
    this.latestLabel = events.map(describeEvent).join(', ') || 'nothing';
    return this;
  }

  /** Exactly these changes, in order (of one kind when `kind` is given; other kinds are ignored). */
  thenAlerts(expected: AlertExpectation[]): this;
  thenAlerts(kind: AlertKind, expected: AlertExpectation[]): this;
  thenAlerts(kindOrExpected: AlertKind | AlertExpectation[], maybeExpected?: AlertExpectation[]): this {
    const [kind, expected] = typeof kindOrExpected === 'string' ? [kindOrExpected, maybeExpected ?? []] : [undefined, kindOrExpected];
    const actual = this.decided(kind).map(flatten);
    const problems: string[] = [];
    if (actual.length !== expected.length) problems.push(`expected ${expected.length} change(s), the rules decided ${actual.length}`);
    expected.forEach((e, i) => {
      if (i >= actual.length) return;
      for (const m of mismatches(actual[i], e)) problems.push(`change ${i + 1}: ${m}`);
    });
    if (problems.length > 0) this.fail(kind, expected, problems);
    return this;
  }

  /** Exactly one change of this kind, matching `expected`. */
  thenAlert(kind: AlertKind, expected: AlertExpectation = {}): this {
    return this.thenAlerts(kind, [expected]);
  }

  /** No change at all (or none of this kind). */
  thenNoAlerts(kind?: AlertKind): this {
    return kind ? this.thenAlerts(kind, []) : this.thenAlerts([]);
  }

  private apply(event: InputEvent | Tick): AlertDecision[] {
    if ('tick' in event) {
      const decisions: AlertDecision[] = [];
      const subjectIds = event.subject ? [event.subject] : Object.keys(this.subjectStates);
      for (const subjectId of subjectIds) {
        const subject = this.subjectStates[subjectId] ?? newSubjectState(this.trial.trialId, subjectId);
        const reaction = reactToClock(subject, { eventId: `tick-${event.tick}`, time: event.tick }, this.rules);
        this.subjectStates[subjectId] = reaction.subject;
        decisions.push(...reaction.decisions);
      }
      return decisions;
    }
    this.trialState ??= newTrialState(event.trialid);
    const subject = this.subjectStates[event.subject] ?? newSubjectState(this.trialState.trialId, event.subject);
    const reaction = reactToInputEvent({ subject, trial: this.trialState }, event, this.rules);
    this.subjectStates[event.subject] = reaction.state.subject;
    this.trialState = reaction.state.trial;
    return reaction.decisions;
  }

  private fail(kind: AlertKind | undefined, expected: AlertExpectation[], problems: string[]): never {
    const of = kind ? ` of kind ${kind}` : '';
    const list = (lines: string[]) => (lines.length === 0 ? '  (none)' : lines.map((l, i) => `  ${i + 1}. ${l}`).join('\n'));
    throw new Error(
      [
        `When ${this.latestLabel}: the alert changes${of} are not the expected ones.`,
        ...problems.map((p) => `  - ${p}`),
        `Expected${of}:`,
        list(expected.map((e) => describeValue(e))),
        `Decided (all kinds):`,
        list(this.latest.map(describeDecision)),
      ].join('\n'),
    );
  }
}

/** Feeds `history` through the decider (the first step of a scenario). */
export function given(history: (InputEvent | Tick)[], rules: TrialRules = { adverseEvents: UNIVERSAL_AE_RULES }): Scenario {
  return new Scenario(rules).when(...history);
}

function flatten(d: AlertDecision): DecidedAlert {
  const { view, ...change } = d;
  return { ...change, ...view };
}

function describeEvent(event: InputEvent | Tick): string {
  if ('tick' in event) return `the clock ticks at ${event.tick}${event.subject ? ` for ${event.subject}` : ''}`;
  return `${event.type} ${event.id} (${event.subject}, ${event.time})`;
}

function describeDecision(d: AlertDecision): string {
  const v = d.view;
  const scope = [v.subjectId, v.aeId, v.visitCode].filter(Boolean).join(' ');
  return (
    `${d.change} ${v.kind}${scope ? ` (${scope})` : ''} ${JSON.stringify(v.reasons)} ${v.severity}` +
    `${v.dueBy ? `, due ${v.dueBy}` : ''}; sequence ${d.sequence}, at ${d.at}, caused by ${d.causedBy}${d.note ? `; note: ${d.note}` : ''}` +
    `; evidence ${shorten(JSON.stringify(v.evidence), 160)}`
  );
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
