import { AlertDecision } from '../alerts/alert-view';
import { aeVersion, aeVersionFor, enrolled, testRules, treated } from '../testing/given-events';
import { given } from '../testing/given-when-then';

/**
 * Visits and AEs arrive on different Kafka topics, so an AE can reach the rules before the subject's
 * treatment or enrolment. Whatever the order, the same facts must end in the same alerts.
 */
const rules = testRules();
const settle = (decisions: AlertDecision[]) => {
  const last = new Map<string, AlertDecision>();
  for (const d of decisions) last.set(d.view.alertId, d);
  return [...last.values()]
    .map((d) => ({ change: d.change, at: d.at, causedBy: d.causedBy, view: d.view }))
    .sort((a, b) => a.view.alertId.localeCompare(b.view.alertId));
};

describe('topic arrival order: the same facts give the same alerts', () => {
  const treatment = treated('2021-01-01', { time: '2021-01-01T15:00:00Z' });
  const fever = aeVersion({
    term: 'Fever',
    meddra: { ptCode: '10037660', pt: 'Pyrexia' },
    onsetDate: '2021-01-02',
    time: '2021-01-03T08:00:00Z',
  });

  it('a fever within 72 h reported before the treatment date arrived is still an AESI once it does', () => {
    const natural = given([treatment, fever], rules).thenAlerts([{ kind: 'adverse-event', reasons: ['AESI'] }]);
    const reversed = given([fever, treatment], rules).thenAlerts([{ kind: 'adverse-event', reasons: ['AESI'] }]);
    expect(reversed.decisions).toEqual(natural.decisions);
  });

  it('awareness comes from the first AE version that met the reason, even when judged later', () => {
    const v2 = aeVersion({
      version: 2,
      term: 'Fever',
      meddra: { ptCode: '10037660', pt: 'Pyrexia' },
      onsetDate: '2021-01-02',
      outcome: 'recovered',
      time: '2021-01-05T08:00:00Z',
    });
    const natural = given([treatment, fever, v2], rules);
    const reversed = given([fever, v2, treatment], rules);
    expect(reversed.state.aes['CK-001-AE-03'].reasonSince).toEqual(natural.state.aes['CK-001-AE-03'].reasonSince);
    expect(reversed.state.aes['CK-001-AE-03'].reasonSince).toEqual({ AESI: '2021-01-03T08:00:00Z' });
  });

  it('a stopping rule reached across subjects is dated by the qualifying AEs, whatever their order, and learns the arm late', () => {
    const severeRelated = { grade: 3, causality: 'probably' as const, onsetDate: '2021-02-01' };
    const a = aeVersionFor('CK-001', { aeId: 'CK-001-AE-01', ...severeRelated, time: '2021-02-02T10:00:00Z' });
    const b = aeVersionFor('CK-002', { aeId: 'CK-002-AE-01', ...severeRelated, time: '2021-02-05T10:00:00Z' });
    const armA = { ...enrolled({ arm: 'high-dose' }), subject: 'CK-001' };
    const armB = { ...enrolled({ arm: 'low-dose' }), subject: 'CK-002' };
    const one = given([armA, armB, a, b], rules);
    const two = given([b, a, armB, armA], rules);
    const rule = (r: typeof one) => settle(r.decisions).find((d) => d.view.kind === 'stopping-rule');
    expect(rule(two)?.view.evidence).toEqual(rule(one)?.view.evidence);
    expect(rule(one)?.view.evidence).toMatchObject({
      subjects: [
        { subjectId: 'CK-001', arm: 'high-dose' },
        { subjectId: 'CK-002', arm: 'low-dose' },
      ],
    });
    const raised = (r: typeof one) => r.decisions.find((d) => d.view.kind === 'stopping-rule' && d.change === 'alert.raised');
    expect(raised(two)).toMatchObject({ at: '2021-02-05T10:00:00Z', causedBy: b.id });
    expect(raised(one)).toMatchObject({ at: '2021-02-05T10:00:00Z', causedBy: b.id });
  });
});
