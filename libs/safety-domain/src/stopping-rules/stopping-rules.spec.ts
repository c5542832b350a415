import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { sponsorVisibleAlert } from '../alerts/blinding';
import { evolveAlert } from '../alerts/alert-lifecycle';
import { alertIdFor } from '../alerts/alert-scope';
import { Protocol } from '../protocol/protocol';
import { STOPPING_RULE_LISTED_SUBJECTS } from './stopping-rules';
import { aeNullified, aeVersionFor, enrolled, givenTrial, TEST_TRIAL, testRules, treated } from '../testing/given-events';

/** SPEC §4: a stopping rule fires when its count of distinct subjects reaches the threshold (across subjects). */
type AeOverrides = Partial<AdverseEventState> & { time?: string };

const relatedG3: AeOverrides = { causality: 'probably', grade: 3 };
const ae = (subject: string, n: number, overrides: AeOverrides = {}) =>
  aeVersionFor(subject, { aeId: `${subject}-AE-0${n}`, ...overrides });
const setup = (subject: string, arm: string): InputEvent[] => [
  enrolled({ arm }, { subject }),
  treated('2021-01-01', { subject }),
];

const stoppingDecisions = (events: InputEvent[], protocol: Partial<Protocol> = {}) =>
  givenTrial(events, testRules(protocol)).decisions.filter((d) => d.view.kind === 'stopping-rule');

const RULE_ID = alertIdFor({ kind: 'stopping-rule', trialId: TEST_TRIAL, ruleId: 'REL-G3' });

describe('stopping rule REL-G3: 2 distinct subjects with a related grade ≥ 3 AE', () => {
  const base = [...setup('CK-001', 'MSC'), ...setup('CK-002', 'placebo')];

  it('first subject → no alert; second subject → one critical alert listing both subjects, their AEs and arms', () => {
    const first = ae('CK-001', 1, relatedG3);
    expect(stoppingDecisions([...base, first])).toEqual([]);

    const decisions = stoppingDecisions([...base, first, ae('CK-002', 1, { causality: 'definitely', grade: 4 })]);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      change: 'alert.raised',
      sequence: 1,
      view: {
        alertId: RULE_ID,
        kind: 'stopping-rule',
        severity: 'critical',
        reasons: ['STOPPING_RULE'],
        evidence: {
          ruleId: 'REL-G3',
          threshold: 2,
          count: 2,
          subjects: [
            { subjectId: 'CK-001', aeIds: ['CK-001-AE-01'], arm: 'MSC' },
            { subjectId: 'CK-002', aeIds: ['CK-002-AE-01'], arm: 'placebo' },
          ],
        },
      },
    });
    expect(decisions[0].view.evidence.recommendation).toMatch(/DSMB review/);
    expect(decisions[0].view.dueBy).toBeUndefined();
  });

  it.each<[string, AeOverrides, boolean]>([
    ['related grade 3', relatedG3, true],
    ['related grade 2', { causality: 'probably', grade: 2 }, false],
    ['unrelated grade 4', { causality: 'unlikely', grade: 4 }, false],
    ['related only by the sponsor, grade 3', { causality: 'unlikely', sponsorCausality: 'possibly', grade: 3 }, true],
  ])('second subject with a %s AE → fires %s', (_, overrides, fires) => {
    const decisions = stoppingDecisions([...base, ae('CK-001', 1, relatedG3), ae('CK-002', 1, overrides)]);
    expect(decisions.length).toBe(fires ? 1 : 0);
  });

  it('uses the protocol related threshold: "possibly" does not count under a "probably" protocol', () => {
    const protocol = { related: { causalityThreshold: 'probably' as const } };
    const events = [...base, ae('CK-001', 1, relatedG3), ae('CK-002', 1, { causality: 'possibly', grade: 3 })];
    expect(stoppingDecisions(events, protocol)).toEqual([]);
  });

  it('two qualifying AEs of the same subject count once (distinct subjects)', () => {
    expect(stoppingDecisions([...base, ae('CK-001', 1, relatedG3), ae('CK-001', 2, relatedG3)])).toEqual([]);
  });

  it('nullifying one qualifying AE → the alert is withdrawn', () => {
    const decisions = stoppingDecisions([
      ...base,
      ae('CK-001', 1, relatedG3),
      ae('CK-002', 1, relatedG3),
      aeNullified({ aeId: 'CK-002-AE-01', reason: 'wrong subject' }, { subject: 'CK-002' }),
    ]);
    expect(decisions.map((d) => [d.change, d.sequence])).toEqual([
      ['alert.raised', 1],
      ['alert.withdrawn', 2],
    ]);
    expect(decisions[1].view.alertId).toBe(RULE_ID);
    expect(decisions[1].note).toBeDefined();
  });

  it('a follow-up that lowers the grade below the rule → withdrawn; raising it again → raised again (same id)', () => {
    const decisions = stoppingDecisions([
      ...base,
      ae('CK-001', 1, relatedG3),
      ae('CK-002', 1, relatedG3),
      ae('CK-002', 1, { ...relatedG3, version: 2, grade: 2 }),
      ae('CK-002', 1, { ...relatedG3, version: 3, grade: 3 }),
    ]);
    expect(decisions.map((d) => [d.change, d.view.alertId, d.sequence])).toEqual([
      ['alert.raised', RULE_ID, 1],
      ['alert.withdrawn', RULE_ID, 2],
      ['alert.raised', RULE_ID, 3],
    ]);
  });

  it('a third qualifying subject never raises a second alert for the same rule', () => {
    const events = [...base, ...setup('CK-003', 'MSC'), ae('CK-001', 1, relatedG3), ae('CK-002', 1, relatedG3), ae('CK-003', 1, relatedG3)];
    const result = givenTrial(events, testRules());
    const raised = result.decisions.filter((d) => d.view.kind === 'stopping-rule' && d.change === 'alert.raised');
    expect(raised).toHaveLength(1);
    expect(result.trial.stoppingRules['REL-G3'].count).toBe(3);
    const last = result.decisions.filter((d) => d.view.kind === 'stopping-rule').pop();
    expect((last?.view.evidence.subjects as { subjectId: string }[]).map((s) => s.subjectId)).toEqual(['CK-001', 'CK-002', 'CK-003']);
  });

  it('the arm appears in the DSMB evidence and sponsorVisibleAlert removes it', () => {
    const [decision] = stoppingDecisions([...base, ae('CK-001', 1, relatedG3), ae('CK-002', 1, relatedG3)]);
    const alert = evolveAlert(undefined, { type: decision.change, data: { view: decision.view, at: decision.at, causedBy: decision.causedBy, sequence: decision.sequence } }, 1);
    expect(JSON.stringify(alert.evidence)).toContain('placebo');
    const sponsor = sponsorVisibleAlert(alert);
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
    const events = [
      enrolled({}, { subject: 'CK-001' }),
      enrolled({}, { subject: 'CK-002' }),
      ae('CK-001', 1, relatedG3),
      ae('CK-002', 1, relatedG3),
    ];
    const [decision] = stoppingDecisions(events);
    expect(decision.view.evidence.subjects).toEqual([
      { subjectId: 'CK-001', aeIds: ['CK-001-AE-01'] },
      { subjectId: 'CK-002', aeIds: ['CK-002-AE-01'] },
    ]);
  });
});

describe('a stopping rule that many subjects meet', () => {
  const protocol: Partial<Protocol> = { stoppingRules: [{ id: 'ANY-SAE', description: 'Any serious AE', threshold: 1, match: { serious: true } }] };
  const subjectId = (i: number) => `CK-${String(i).padStart(3, '0')}`;
  const sae = (i: number) =>
    aeVersionFor(subjectId(i), { aeId: `${subjectId(i)}-AE-01`, seriousCriteria: ['hospitalization'], time: `2021-03-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z` });
  const saesOf = (n: number) => Array.from({ length: n }, (_, i) => sae(i + 1));

  it(`counts every qualifying subject, lists the ${STOPPING_RULE_LISTED_SUBJECTS} most recent and says how many are not listed`, () => {
    const n = STOPPING_RULE_LISTED_SUBJECTS + 10;
    const decisions = stoppingDecisions(saesOf(n), protocol);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', ...Array(n - 1).fill('alert.updated')]);
    const evidence = decisions[decisions.length - 1].view.evidence as { count: number; subjects: { subjectId: string }[]; subjectsNotListed: number };
    expect(evidence.count).toBe(n);
    expect(evidence.subjectsNotListed).toBe(10);
    expect(evidence.subjects.map((s) => s.subjectId)).toEqual(Array.from({ length: STOPPING_RULE_LISTED_SUBJECTS }, (_, i) => subjectId(i + 11)));
  });

  it('what the trial remembers and what each change carries stop growing once the list is full', () => {
    const size = (n: number) => {
      const result = givenTrial(saesOf(n), testRules(protocol));
      const last = result.decisions[result.decisions.length - 1];
      return { trial: JSON.stringify(result.trial).length, change: JSON.stringify(last).length };
    };
    const [full, double] = [size(STOPPING_RULE_LISTED_SUBJECTS), size(2 * STOPPING_RULE_LISTED_SUBJECTS)];
    expect(double.trial).toBeLessThan(full.trial * 1.05);
    expect(double.change).toBeLessThan(full.change * 1.05);
  });

  it('a subject that no longer qualifies leaves the count and the list', () => {
    const events = [...saesOf(3), aeNullified({ aeId: 'CK-002-AE-01', reason: 'entered in error' }, { subject: 'CK-002' })];
    const last = stoppingDecisions(events, protocol).pop();
    expect(last?.change).toBe('alert.updated');
    expect(last?.view.evidence).toMatchObject({ count: 2, subjects: [{ subjectId: 'CK-001' }, { subjectId: 'CK-003' }] });
    expect(last?.view.evidence.subjectsNotListed).toBeUndefined();
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
    const result = givenTrial([...setup('CK-001', 'MSC'), ae('CK-001', 1, { seriousCriteria: ['death'], outcome: 'fatal', grade: 5 })], testRules(rules));
    expect(result.decisions.map((d) => [d.view.kind, d.view.severity, d.view.evidence.ruleId ?? null])).toEqual([
      ['adverse-event', 'critical', null],
      ['stopping-rule', 'critical', 'ANY-DEATH'],
    ]);
  });

  it('serious rule counts distinct subjects', () => {
    const sae = { seriousCriteria: ['hospitalization' as const] };
    const events = [...setup('CK-001', 'A'), ...setup('CK-002', 'B'), ae('CK-001', 1, sae), ae('CK-002', 1, sae)];
    expect(stoppingDecisions(events, rules).map((d) => [d.view.evidence.ruleId, d.view.evidence.count])).toEqual([['SAE-2', 2]]);
  });

  it('AESI rule: a new malignancy', () => {
    const events = [...setup('CK-001', 'A'), ae('CK-001', 1, { term: 'Basal cell carcinoma', meddra: undefined })];
    expect(stoppingDecisions(events, rules).map((d) => d.view.evidence.ruleId)).toEqual(['AESI-1']);
  });

  it('a trial without a protocol has no stopping rules', () => {
    const events = [...setup('CK-001', 'A'), ae('CK-001', 1, { seriousCriteria: ['death'], outcome: 'fatal', grade: 5 })];
    expect(givenTrial(events).decisions.filter((d) => d.view.kind === 'stopping-rule')).toEqual([]);
  });
});
