import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { sponsorAlert } from '../blinding/sponsor-alert';
import { evolveAlert } from '../alerts/alert-lifecycle';
import { alertIdFor } from '../alerts/alert-scope';
import { Protocol } from '../protocol/protocol';
import { aeNullified, aeVersionFor, enrolled, TEST_TRIAL, testRules, treated } from '../testing/given-events';
import { given } from '../testing/given-when-then';
import { STOPPING_RULE_LISTED_SUBJECTS } from './stopping-rules';

/** SPEC §4: a stopping rule fires when its count of distinct subjects reaches the threshold (across subjects). */
type AeOverrides = Partial<AdverseEventState> & { time?: string };

const relatedG3: AeOverrides = { causality: 'probably', grade: 3 };
const ae = (subject: string, n: number, overrides: AeOverrides = {}) =>
  aeVersionFor(subject, { aeId: `${subject}-AE-0${n}`, ...overrides });
const setup = (subject: string, arm: string): InputEvent[] => [enrolled({ arm }, { subject }), treated('2021-01-01', { subject })];

const SR = 'stopping-rule';

const RULE_ID = alertIdFor({ kind: 'stopping-rule', trialId: TEST_TRIAL, ruleId: 'REL-G3' });

describe('stopping rule REL-G3: 2 distinct subjects with a related grade ≥ 3 AE', () => {
  const base = [...setup('CK-001', 'MSC'), ...setup('CK-002', 'placebo')];
  /** Given both subjects enrolled and treated (no stopping-rule alert yet). */
  const twoSubjects = (protocol: Partial<Protocol> = {}) => given(base, testRules(protocol)).thenNoAlerts(SR);

  it('first subject → no alert; second subject → one critical alert listing both subjects, their AEs and arms', () => {
    twoSubjects()
      .when(ae('CK-001', 1, relatedG3))
      .thenNoAlerts(SR)
      .when(ae('CK-002', 1, { causality: 'definitely', grade: 4 }))
      .thenAlert(SR, {
        change: 'alert.raised',
        sequence: 1,
        alertId: RULE_ID,
        severity: 'critical',
        reasons: ['STOPPING_RULE'],
        dueBy: undefined,
        evidence: {
          ruleId: 'REL-G3',
          threshold: 2,
          count: 2,
          subjects: [
            { subjectId: 'CK-001', aeIds: ['CK-001-AE-01'], arm: 'MSC' },
            { subjectId: 'CK-002', aeIds: ['CK-002-AE-01'], arm: 'placebo' },
          ],
          recommendation: /DSMB review/,
        },
      });
  });

  it.each<[string, AeOverrides, boolean]>([
    ['related grade 3', relatedG3, true],
    ['related grade 2', { causality: 'probably', grade: 2 }, false],
    ['unrelated grade 4', { causality: 'unlikely', grade: 4 }, false],
    ['related only by the sponsor, grade 3', { causality: 'unlikely', sponsorCausality: 'possibly', grade: 3 }, true],
  ])('second subject with a %s AE → fires %s', (_, overrides, fires) => {
    twoSubjects()
      .when(ae('CK-001', 1, relatedG3))
      .thenNoAlerts(SR)
      .when(ae('CK-002', 1, overrides))
      .thenAlerts(SR, fires ? [{ change: 'alert.raised' }] : []);
  });

  it('uses the protocol related threshold: "possibly" does not count under a "probably" protocol', () => {
    const protocol = { related: { causalityThreshold: 'probably' as const } };
    twoSubjects(protocol)
      .when(ae('CK-001', 1, relatedG3), ae('CK-002', 1, { causality: 'possibly', grade: 3 }))
      .thenNoAlerts(SR);
  });

  it('two qualifying AEs of the same subject count once (distinct subjects)', () => {
    twoSubjects()
      .when(ae('CK-001', 1, relatedG3), ae('CK-001', 2, relatedG3))
      .thenNoAlerts(SR);
  });

  it('nullifying one qualifying AE → the alert is withdrawn', () => {
    twoSubjects()
      .when(ae('CK-001', 1, relatedG3), ae('CK-002', 1, relatedG3))
      .thenAlert(SR, { change: 'alert.raised', sequence: 1 })
      .when(aeNullified({ aeId: 'CK-002-AE-01', reason: 'wrong subject' }, { subject: 'CK-002' }))
      .thenAlert(SR, { change: 'alert.withdrawn', sequence: 2, alertId: RULE_ID, note: expect.any(String) });
  });

  it('a follow-up that lowers the grade below the rule → withdrawn; raising it again → raised again (same id)', () => {
    twoSubjects()
      .when(ae('CK-001', 1, relatedG3), ae('CK-002', 1, relatedG3))
      .thenAlert(SR, { change: 'alert.raised', alertId: RULE_ID, sequence: 1 })
      .when(ae('CK-002', 1, { ...relatedG3, version: 2, grade: 2 }))
      .thenAlert(SR, { change: 'alert.withdrawn', alertId: RULE_ID, sequence: 2 })
      .when(ae('CK-002', 1, { ...relatedG3, version: 3, grade: 3 }))
      .thenAlert(SR, { change: 'alert.raised', alertId: RULE_ID, sequence: 3 });
  });

  it('a third qualifying subject never raises a second alert for the same rule', () => {
    const scenario = given([...base, ...setup('CK-003', 'MSC')], testRules())
      .when(ae('CK-001', 1, relatedG3), ae('CK-002', 1, relatedG3))
      .thenAlert(SR, { change: 'alert.raised' })
      .when(ae('CK-003', 1, relatedG3));
    expect(scenario.decided(SR).map((d) => d.change)).not.toContain('alert.raised');
    expect(scenario.trial.stoppingRules['REL-G3'].count).toBe(3);
    expect((scenario.decided(SR).pop()?.view.evidence.subjects as { subjectId: string }[]).map((s) => s.subjectId)).toEqual([
      'CK-001',
      'CK-002',
      'CK-003',
    ]);
  });

  it('the arm appears in the DSMB evidence and the sponsor view leaves it out', () => {
    const [decision] = twoSubjects()
      .when(ae('CK-001', 1, relatedG3), ae('CK-002', 1, relatedG3))
      .thenAlert(SR)
      .decided(SR);
    const alert = evolveAlert(
      undefined,
      { type: decision.change, data: { view: decision.view, at: decision.at, causedBy: decision.causedBy, sequence: decision.sequence } },
      1,
    );
    expect(JSON.stringify(alert.evidence)).toContain('placebo');
    const sponsor = sponsorAlert(alert);
    expect(sponsor.evidence.subjects).toEqual([
      { subjectId: 'CK-001', aeIds: ['CK-001-AE-01'] },
      { subjectId: 'CK-002', aeIds: ['CK-002-AE-01'] },
    ]);
    expect(JSON.stringify(sponsor)).not.toMatch(/placebo|"MSC"|"arm"/);
    expect(alert.evidence.subjects).toEqual([
      { subjectId: 'CK-001', aeIds: ['CK-001-AE-01'], arm: 'MSC' },
      { subjectId: 'CK-002', aeIds: ['CK-002-AE-01'], arm: 'placebo' },
    ]);
  });

  it('a subject enrolled without an arm (open label) has no arm in the evidence', () => {
    const [decision] = given([enrolled({}, { subject: 'CK-001' }), enrolled({}, { subject: 'CK-002' })], testRules())
      .when(ae('CK-001', 1, relatedG3), ae('CK-002', 1, relatedG3))
      .thenAlert(SR)
      .decided(SR);
    expect(decision.view.evidence.subjects).toEqual([
      { subjectId: 'CK-001', aeIds: ['CK-001-AE-01'] },
      { subjectId: 'CK-002', aeIds: ['CK-002-AE-01'] },
    ]);
  });
});

describe('a stopping rule that many subjects meet', () => {
  const protocol: Partial<Protocol> = {
    stoppingRules: [{ id: 'ANY-SAE', description: 'Any serious AE', threshold: 1, match: { serious: true } }],
  };
  const subjectId = (i: number) => `CK-${String(i).padStart(3, '0')}`;
  const minute = (i: number) => `${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
  const sae = (i: number) =>
    aeVersionFor(subjectId(i), {
      aeId: `${subjectId(i)}-AE-01`,
      seriousCriteria: ['hospitalization'],
      time: `2021-03-01T00:${minute(i)}Z`,
    });
  const saesOf = (n: number) => Array.from({ length: n }, (_, i) => sae(i + 1));

  it(`counts every qualifying subject, lists the ${STOPPING_RULE_LISTED_SUBJECTS} most recent and says how many are not listed`, () => {
    const n = STOPPING_RULE_LISTED_SUBJECTS + 10;
    const scenario = given(saesOf(n - 1), testRules(protocol))
      .when(sae(n))
      .thenAlert(SR, { change: 'alert.updated' });
    expect(scenario.decisions.filter((d) => d.view.kind === SR && d.change === 'alert.raised')).toHaveLength(1);
    const evidence = scenario.decided(SR)[0].view.evidence as {
      count: number;
      subjects: { subjectId: string }[];
      subjectsNotListed: number;
    };
    expect(evidence.count).toBe(n);
    expect(evidence.subjectsNotListed).toBe(10);
    expect(evidence.subjects.map((s) => s.subjectId)).toEqual(
      Array.from({ length: STOPPING_RULE_LISTED_SUBJECTS }, (_, i) => subjectId(i + 11)),
    );
  });

  it('what the trial remembers and what each change carries stop growing once the list is full', () => {
    const size = (n: number) => {
      const scenario = given(saesOf(n - 1), testRules(protocol)).when(sae(n));
      return { trial: JSON.stringify(scenario.trial).length, change: JSON.stringify(scenario.decided(SR)[0]).length };
    };
    const [full, double] = [size(STOPPING_RULE_LISTED_SUBJECTS), size(2 * STOPPING_RULE_LISTED_SUBJECTS)];
    expect(double.trial).toBeLessThan(full.trial * 1.05);
    expect(double.change).toBeLessThan(full.change * 1.05);
  });

  it('a subject that no longer qualifies leaves the count and the list', () => {
    given(saesOf(3), testRules(protocol))
      .when(aeNullified({ aeId: 'CK-002-AE-01', reason: 'entered in error' }, { subject: 'CK-002' }))
      .thenAlert(SR, {
        change: 'alert.updated',
        evidence: {
          ...expectedEvidence(2),
          subjects: [
            { subjectId: 'CK-001', aeIds: ['CK-001-AE-01'] },
            { subjectId: 'CK-003', aeIds: ['CK-003-AE-01'] },
          ],
        },
      });
  });

  const expectedEvidence = (count: number) => ({
    ruleId: 'ANY-SAE',
    description: 'Any serious AE',
    threshold: 1,
    count,
    recommendation: 'Pause enrolment and dosing pending DSMB review. Vigil stops nothing by itself.',
  });
});

describe('other stopping-rule matches', () => {
  const rules: Partial<Protocol> = {
    stoppingRules: [
      { id: 'ANY-DEATH', description: 'Any death', threshold: 1, match: { fatal: true } },
      { id: 'SAE-2', description: 'Two subjects with a serious AE', threshold: 2, match: { serious: true } },
      { id: 'AESI-1', description: 'Any AESI', threshold: 1, match: { aesi: true } },
    ],
  };

  it('threshold 1 fatal rule: one death → critical stopping-rule alert, besides the AE alert', () => {
    given(setup('CK-001', 'MSC'), testRules(rules))
      .thenNoAlerts()
      .when(ae('CK-001', 1, { seriousCriteria: ['death'], outcome: 'fatal', grade: 5 }))
      .thenAlerts([
        { kind: 'adverse-event', severity: 'critical', evidence: { ruleId: undefined } },
        { kind: 'stopping-rule', severity: 'critical', evidence: { ruleId: 'ANY-DEATH' } },
      ]);
  });

  it('serious rule counts distinct subjects', () => {
    const sae = { seriousCriteria: ['hospitalization' as const] };
    given([...setup('CK-001', 'A'), ...setup('CK-002', 'B')], testRules(rules))
      .when(ae('CK-001', 1, sae))
      .thenNoAlerts(SR)
      .when(ae('CK-002', 1, sae))
      .thenAlert(SR, { evidence: { ruleId: 'SAE-2', count: 2 } });
  });

  it('AESI rule: a new malignancy', () => {
    given(setup('CK-001', 'A'), testRules(rules))
      .when(ae('CK-001', 1, { term: 'Basal cell carcinoma', meddra: undefined }))
      .thenAlert(SR, { evidence: { ruleId: 'AESI-1' } });
  });

  it('a trial without a protocol has no stopping rules', () => {
    given(setup('CK-001', 'A'))
      .thenNoAlerts(SR)
      .when(ae('CK-001', 1, { seriousCriteria: ['death'], outcome: 'fatal', grade: 5 }))
      .thenNoAlerts(SR);
  });
});
