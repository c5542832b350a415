import { Alert } from '@vigil/contracts';
import { aeVersion, aeNullified, testRules } from '../testing/given-events';
import { given } from '../testing/given-when-then';
import { AlertEvent } from './alert-events';
import { decideHumanAction, evolveAlert, HumanAction } from './alert-lifecycle';
import { AlertDecision } from './alert-view';
import { alertIdFor } from './alert-scope';

/** SPEC §4 lifecycle: open → acknowledged → closed by people; rule changes escalate (re-open), downgrade, withdraw. */

const ruleEvent = (d: AlertDecision): AlertEvent => ({
  type: d.change,
  data: { view: d.view, at: d.at, causedBy: d.causedBy, sequence: d.sequence, ...(d.note ? { note: d.note } : {}) },
});

/** Folds events into an alert the way the alert stream would (version = position in the stream). */
class AlertStream {
  alert: Alert | undefined;
  private version = 0;

  apply(event: AlertEvent): Alert {
    this.version += 1;
    this.alert = evolveAlert(this.alert, event, this.version);
    return this.alert;
  }

  rule(...decisions: AlertDecision[]): Alert {
    for (const d of decisions) this.apply(ruleEvent(d));
    return this.alert as Alert;
  }

  human(action: HumanAction): Alert {
    const decision = decideHumanAction(this.alert as Alert, action);
    if (!decision.ok) throw new Error(decision.reason);
    return this.apply(decision.event);
  }
}

const by = (type: HumanAction['type'], at: string, who = 'dr.lee', comment = `${type} by ${who}`): HumanAction => ({
  type,
  by: who,
  role: 'dsmb',
  comment,
  at,
});

const aeDecisions = (...overrides: Parameters<typeof aeVersion>[0][]) =>
  given(
    overrides.map((o, i) => aeVersion({ version: i + 1, time: `2021-02-0${4 + i}T10:00:00Z`, ...o })),
    testRules(),
  ).decisions.filter((d) => d.view.kind === 'adverse-event');

describe('alert lifecycle (evolveAlert / decideHumanAction)', () => {
  const serious = { seriousCriteria: ['hospitalization' as const] };

  it('raised → acknowledged → closed, each step with who, when and comment in the history', () => {
    const [raised] = aeDecisions(serious);
    const stream = new AlertStream();
    expect(stream.rule(raised)).toMatchObject({
      status: 'open',
      raisedAt: raised.at,
      version: 1,
      severity: 'high',
      dueBy: raised.view.dueBy,
    });
    expect(stream.human(by('acknowledge', '2021-02-04T11:00:00Z', 'dr.lee', 'looking into it'))).toMatchObject({
      status: 'acknowledged',
      version: 2,
    });
    const closed = stream.human(by('close', '2021-02-05T09:00:00Z', 'dr.khan', 'reported to the FDA'));
    expect(closed).toMatchObject({ status: 'closed', updatedAt: '2021-02-05T09:00:00Z', raisedAt: raised.at, version: 3 });
    expect(closed.history).toEqual([
      expect.objectContaining({ change: 'alert.raised', at: raised.at, status: 'open', causedBy: raised.causedBy, version: 1 }),
      expect.objectContaining({
        change: 'alert.acknowledged',
        at: '2021-02-04T11:00:00Z',
        by: 'dr.lee',
        comment: 'looking into it',
        status: 'acknowledged',
        version: 2,
      }),
      expect.objectContaining({
        change: 'alert.closed',
        at: '2021-02-05T09:00:00Z',
        by: 'dr.khan',
        comment: 'reported to the FDA',
        status: 'closed',
        version: 3,
      }),
    ]);
  });

  it('an open alert may be closed directly', () => {
    const stream = new AlertStream();
    stream.rule(...aeDecisions(serious));
    expect(stream.human(by('close', '2021-02-05T09:00:00Z')).status).toBe('closed');
  });

  it.each<[string, HumanAction['type'][], HumanAction['type'], RegExp]>([
    ['acknowledge twice', ['acknowledge'], 'acknowledge', /already acknowledged/],
    ['close twice', ['close'], 'close', /already closed/],
    ['acknowledge after close', ['acknowledge', 'close'], 'acknowledge', /already closed/],
  ])('refused: %s', (_, before, action, reason) => {
    const stream = new AlertStream();
    stream.rule(...aeDecisions(serious));
    before.forEach((type, i) => stream.human(by(type, `2021-02-05T0${i}:00:00Z`)));
    const decision = decideHumanAction(stream.alert as Alert, by(action, '2021-02-06T00:00:00Z'));
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.reason).toMatch(reason);
  });

  it.each<HumanAction['type']>(['acknowledge', 'close'])('refused: %s on a withdrawn alert', (action) => {
    const decisions = given([aeVersion(serious), aeNullified({ reason: 'wrong subject' })], testRules()).decisions;
    const stream = new AlertStream();
    const alert = stream.rule(...decisions);
    expect(alert.status).toBe('withdrawn');
    expect(alert.history[1]).toMatchObject({
      change: 'alert.withdrawn',
      status: 'withdrawn',
      comment: expect.stringContaining('wrong subject'),
    });
    const decision = decideHumanAction(alert, by(action, '2021-02-06T00:00:00Z'));
    expect(decision).toEqual({ ok: false, reason: expect.stringMatching(/withdrawn/) });
  });

  it.each<[string, HumanAction['type'][]]>([
    ['acknowledged', ['acknowledge']],
    ['closed', ['acknowledge', 'close']],
  ])('an escalation re-opens an %s alert', (_, actions) => {
    const [raised, escalated] = aeDecisions(serious, { seriousCriteria: ['life-threatening'] });
    expect(escalated.change).toBe('alert.escalated');
    const stream = new AlertStream();
    stream.rule(raised);
    actions.forEach((type, i) => stream.human(by(type, `2021-02-04T1${i}:00:00Z`)));
    const alert = stream.rule(escalated);
    expect(alert).toMatchObject({ status: 'open', severity: 'critical', raisedAt: raised.at, updatedAt: escalated.at });
    expect(alert.history.map((h) => [h.change, h.status])).toEqual([
      ['alert.raised', 'open'],
      ...actions.map((t) => [t === 'acknowledge' ? 'alert.acknowledged' : 'alert.closed', t === 'acknowledge' ? 'acknowledged' : 'closed']),
      ['alert.escalated', 'open'],
    ]);
  });

  it.each<[string, HumanAction['type'][], string]>([
    ['open', [], 'open'],
    ['acknowledged', ['acknowledge'], 'acknowledged'],
    ['closed', ['acknowledge', 'close'], 'closed'],
  ])('a downgrade keeps the status of an %s alert', (_, actions, status) => {
    const [raised, downgraded] = aeDecisions({ ...serious, causality: 'probably' }, { causality: 'probably' });
    expect(downgraded.change).toBe('alert.downgraded');
    const stream = new AlertStream();
    stream.rule(raised);
    actions.forEach((type, i) => stream.human(by(type, `2021-02-04T1${i}:00:00Z`)));
    const alert = stream.rule(downgraded);
    expect(alert).toMatchObject({ status, severity: 'medium', reasons: ['RELATED'] });
    expect(alert.dueBy).toBeUndefined();
    expect(alert.history).toHaveLength(actions.length + 2);
    expect(alert.history[alert.history.length - 1]).toMatchObject({
      change: 'alert.downgraded',
      status,
      severity: 'medium',
      reasons: ['RELATED'],
    });
  });

  it('the history keeps every change, in order, with the severity and reasons at that time', () => {
    const decisions = aeDecisions({ causality: 'probably' }, { causality: 'probably', ...serious }, { causality: 'probably' }, {});
    const stream = new AlertStream();
    stream.rule(decisions[0]);
    stream.human(by('acknowledge', '2021-02-04T12:00:00Z'));
    const alert = stream.rule(...decisions.slice(1));
    expect(alert.history.map((h) => [h.change, h.status, h.severity, h.reasons])).toEqual([
      ['alert.raised', 'open', 'medium', ['RELATED']],
      ['alert.acknowledged', 'acknowledged', 'medium', ['RELATED']],
      ['alert.escalated', 'open', 'high', ['SERIOUS', 'RELATED']],
      ['alert.downgraded', 'open', 'medium', ['RELATED']],
      ['alert.withdrawn', 'withdrawn', 'medium', ['RELATED']],
    ]);
    expect(alert.history.map((h) => h.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('acknowledging an alert that was never raised is impossible', () => {
    expect(() =>
      evolveAlert(
        undefined,
        { type: 'alert.acknowledged', data: { alertId: 'x', by: 'a', role: 'dsmb', comment: 'c', at: '2021-01-01T00:00:00Z' } },
        1,
      ),
    ).toThrow(/never raised/);
  });
});

describe('alert ids are deterministic', () => {
  it.each([
    [
      { kind: 'adverse-event', trialId: 'T1', subjectId: 'S1', aeId: 'AE-1' },
      { kind: 'adverse-event', trialId: 'T1', subjectId: 'S1', aeId: 'AE-2' },
    ],
    [
      { kind: 'adverse-event', trialId: 'T1', subjectId: 'S1', aeId: 'AE-1' },
      { kind: 'adverse-event', trialId: 'T2', subjectId: 'S1', aeId: 'AE-1' },
    ],
    [
      { kind: 'lab-abnormality', trialId: 'T1', subjectId: 'S1', visitCode: 'M3', test: 'ALT' },
      { kind: 'lab-abnormality', trialId: 'T1', subjectId: 'S1', visitCode: 'M3', test: 'AST' },
    ],
    [
      { kind: 'lab-abnormality', trialId: 'T1', subjectId: 'S1', visitCode: 'M3', test: 'ALT' },
      { kind: 'lab-abnormality', trialId: 'T1', subjectId: 'S2', visitCode: 'M3', test: 'ALT' },
    ],
    [
      { kind: 'hys-law', trialId: 'T1', subjectId: 'S1', visitCode: 'M3' },
      { kind: 'hys-law', trialId: 'T1', subjectId: 'S1', visitCode: 'M6' },
    ],
    [
      { kind: 'vital-sign', trialId: 'T1', subjectId: 'S1', visitCode: 'M3', vital: 'temperatureC' },
      { kind: 'vital-sign', trialId: 'T1', subjectId: 'S1', visitCode: 'M3', vital: 'heartRate' },
    ],
    [
      { kind: 'visit-deviation', trialId: 'T1', subjectId: 'S1', visitCode: 'M3' },
      { kind: 'hys-law', trialId: 'T1', subjectId: 'S1', visitCode: 'M3' },
    ],
    [
      { kind: 'stopping-rule', trialId: 'T1', ruleId: 'R1' },
      { kind: 'stopping-rule', trialId: 'T1', ruleId: 'R2' },
    ],
    [
      { kind: 'configuration', trialId: 'T1' },
      { kind: 'configuration', trialId: 'T2' },
    ],
  ] as const)('same scope → same id; different scope → different id (%j vs %j)', (a, b) => {
    expect(alertIdFor({ ...a })).toBe(alertIdFor({ ...a }));
    expect(alertIdFor(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(alertIdFor(a)).not.toBe(alertIdFor(b));
  });

  it('replaying the same events from scratch gives the same alerts, ids and sequences', () => {
    const events = [
      aeVersion({ seriousCriteria: ['hospitalization'] }),
      aeVersion({ version: 2, causality: 'definitely', seriousCriteria: ['hospitalization'] }),
    ];
    const once = given(events, testRules()).decisions;
    const again = given(events, testRules()).decisions;
    expect(again).toEqual(once);
  });
});

describe('a long run of updates (a stopping rule that subject after subject meets)', () => {
  const view = {
    alertId: 'A-1',
    trialId: 'T',
    kind: 'stopping-rule' as const,
    reasons: ['STOPPING_RULE'],
    severity: 'critical' as const,
    title: 'rule',
    evidence: {},
  };
  const change = (type: AlertEvent['type'], minute: number): AlertEvent =>
    ({
      type,
      data: { view, at: `2021-03-01T00:${String(minute).padStart(2, '0')}:00Z`, causedBy: `E-${minute}`, sequence: 1 },
    }) as AlertEvent;

  it('shares one history entry that counts the updates and keeps the first and the latest', () => {
    const stream = new AlertStream();
    stream.apply(change('alert.raised', 0));
    for (let m = 1; m <= 30; m++) stream.apply(change('alert.updated', m));
    const alert = stream.human(by('acknowledge', '2021-03-01T01:00:00Z'));
    stream.apply(change('alert.updated', 31));
    expect(stream.alert?.history.map((h) => [h.change, h.version, h.updates, h.from?.version])).toEqual([
      ['alert.raised', 1, undefined, undefined],
      ['alert.updated', 31, 30, 2],
      ['alert.acknowledged', 32, undefined, undefined],
      ['alert.updated', 33, undefined, undefined],
    ]);
    expect(alert.history[1]).toMatchObject({
      at: '2021-03-01T00:30:00Z',
      causedBy: 'E-30',
      from: { at: '2021-03-01T00:01:00Z', version: 2 },
    });
  });
});
