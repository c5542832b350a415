import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { UNIVERSAL_AE_RULES } from './ae-rule-settings';
import { TrialRules } from '../monitor/react-to-input-event';
import { aeVersion, given, testRules } from '../testing/given-events';

/** SPEC §4 clocks (`dueBy`): SAE 24 h, SUSAR 15 days, fatal / life-threatening SUSAR 7 days (restarted). */
type AeOverrides = Partial<AdverseEventState> & { time?: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T1 = '2021-02-04T10:00:00Z';
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

const run = (events: InputEvent[], rules: TrialRules = testRules()) => {
  const result = given(events, rules);
  const decisions = result.decisions.filter((d) => d.view.kind === 'adverse-event');
  return { decisions, alert: result.state.aes['CK-001-AE-03']?.alert };
};

type Due = '24 h' | '15 days' | '7 days' | 'none';
const DUE_MS: Record<Due, number | undefined> = { '24 h': 24 * HOUR, '15 days': 15 * DAY, '7 days': 7 * DAY, none: undefined };

const serious: AeOverrides = { seriousCriteria: ['hospitalization'] };
const susar: AeOverrides = { seriousCriteria: ['hospitalization'], causality: 'probably', expectedness: 'unexpected' };

describe('AE clocks at the first report', () => {
  it.each<[string, Due, AeOverrides]>([
    ['SERIOUS only (hospitalisation)', '24 h', serious],
    ['SERIOUS + RELATED, expected (not SUSAR)', '24 h', { ...serious, causality: 'definitely' }],
    ['SERIOUS, life-threatening, not related (not SUSAR)', '24 h', { seriousCriteria: ['life-threatening'] }],
    ['SERIOUS, fatal, not related (not SUSAR)', '24 h', { seriousCriteria: ['death'], outcome: 'fatal' }],
    ['SUSAR, non-fatal', '15 days', susar],
    ['SUSAR, life-threatening', '7 days', { ...susar, seriousCriteria: ['life-threatening'] }],
    ['SUSAR, death criterion', '7 days', { ...susar, seriousCriteria: ['death'], outcome: 'fatal' }],
    ['SUSAR, outcome fatal with hospitalisation', '7 days', { ...susar, outcome: 'fatal' }],
    ['RELATED + SEVERE, not serious', 'none', { causality: 'definitely', grade: 4 }],
    ['AESI only', 'none', { term: 'basal cell carcinoma', meddra: undefined }],
  ])('%s → due: awareness + %s', (_, dueLabel, overrides) => {
    const due = DUE_MS[dueLabel];
    const { decisions } = run([aeVersion({ ...overrides, time: T1 })]);
    expect(decisions).toHaveLength(1);
    if (due === undefined) expect(decisions[0].view.dueBy).toBeUndefined();
    else expect(decisions[0].view.dueBy).toBe(plus(T1, due));
  });

  it('without a protocol the same clocks apply (universal rules)', () => {
    const rules: TrialRules = { adverseEvents: UNIVERSAL_AE_RULES }; // no protocol
    expect(run([aeVersion({ ...serious, time: T1 })], rules).decisions[0].view.dueBy).toBe(plus(T1, 24 * HOUR));
    expect(run([aeVersion({ ...susar, time: T1 })], rules).decisions[0].view.dueBy).toBe(plus(T1, 15 * DAY));
  });
});

describe('AE clocks across follow-ups: awareness is the time of the first version that met the reason', () => {
  const T2 = '2021-02-06T08:30:00Z';

  it('a v2 that keeps SERIOUS keeps the v1 clock (recorded as an update, not announced as a change)', () => {
    const { decisions, alert } = run([
      aeVersion({ ...serious, time: T1 }),
      aeVersion({ ...serious, version: 2, grade: 2, outcome: 'recovered', time: T2 }),
    ]);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.updated']);
    expect(alert?.dueBy).toBe(plus(T1, 24 * HOUR));
    expect(alert?.evidence).toMatchObject({ aeVersion: 2, awareness: { SERIOUS: T1 } });
  });

  it('non-serious v1, serious v2 → the 24 h clock starts at v2', () => {
    const { decisions } = run([aeVersion({ time: T1 }), aeVersion({ ...serious, version: 2, time: T2 })]);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ change: 'alert.raised', view: { dueBy: plus(T2, 24 * HOUR) } });
  });

  it('SERIOUS at v1, SUSAR at v2 → 15 days from v2 (SUSAR awareness), escalated', () => {
    const { decisions } = run([aeVersion({ ...serious, time: T1 }), aeVersion({ ...susar, version: 2, time: T2 })]);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.escalated']);
    expect(decisions[1].view.dueBy).toBe(plus(T2, 15 * DAY));
    expect(decisions[1].view.evidence).toMatchObject({ awareness: { SERIOUS: T1, SUSAR: T2 } });
  });

  it('SUSAR at v1 (T1), life-threatening at v2 (T2) → due T2 + 7 days, an escalation though the reasons did not change', () => {
    const { decisions } = run([
      aeVersion({ ...susar, time: T1 }),
      aeVersion({ ...susar, version: 2, seriousCriteria: ['hospitalization', 'life-threatening'], time: T2 }),
    ]);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.escalated']);
    expect(decisions[1].view.reasons).toEqual(decisions[0].view.reasons);
    expect(decisions[1].view.severity).toBe('critical');
    expect(decisions[1].view.dueBy).toBe(plus(T2, 7 * DAY));
    expect(decisions[1].sequence).toBe(2);
  });

  it('after the restart, a v3 that stays life-threatening keeps the v2 clock', () => {
    const T3 = '2021-02-08T09:00:00Z';
    const lt: AeOverrides = { ...susar, seriousCriteria: ['hospitalization', 'life-threatening'] };
    const { decisions, alert } = run([
      aeVersion({ ...susar, time: T1 }),
      aeVersion({ ...lt, version: 2, time: T2 }),
      aeVersion({ ...lt, version: 3, grade: 4, time: T3 }),
    ]);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.escalated', 'alert.escalated']);
    expect(alert?.dueBy).toBe(plus(T2, 7 * DAY));
  });

  it('SUSAR at v1, life-threatening at v2 ten days later → due v2 + 7 days, still an escalation (never a downgrade)', () => {
    const late = plus(T1, 10 * DAY);
    const { decisions } = run([
      aeVersion({ ...susar, time: T1 }),
      aeVersion({ ...susar, version: 2, seriousCriteria: ['hospitalization', 'life-threatening'], time: late }),
    ]);
    expect(decisions[1].view.dueBy).toBe(plus(late, 7 * DAY));
    expect(decisions[1].change).toBe('alert.escalated');
  });

  it('life-threatening, not related at v1 (T1); related and unexpected at v2 (T2) → SUSAR, due T2 + 7 days', () => {
    const lt: AeOverrides = { seriousCriteria: ['life-threatening'] };
    const { decisions } = run([
      aeVersion({ ...lt, time: T1 }),
      aeVersion({ ...lt, version: 2, causality: 'possibly', expectedness: 'unexpected', time: T2 }),
    ]);
    expect(decisions[0].view.dueBy).toBe(plus(T1, 24 * HOUR));
    expect(decisions[1]).toMatchObject({ change: 'alert.escalated', view: { reasons: ['SERIOUS', 'SUSAR', 'RELATED'], dueBy: plus(T2, 7 * DAY) } });
  });

  it('a fatal SUSAR at v1 that is still fatal at v2 keeps the v1 7-day clock', () => {
    const fatal: AeOverrides = { ...susar, seriousCriteria: ['death'], outcome: 'fatal', grade: 5 };
    const { decisions, alert } = run([aeVersion({ ...fatal, time: T1 }), aeVersion({ ...fatal, version: 2, time: T2 })]);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.updated']);
    expect(alert?.dueBy).toBe(plus(T1, 7 * DAY));
  });

  it('a life-threatening SUSAR at v1 (T1) that becomes fatal at v2 (T2) restarts the 7-day clock at T2', () => {
    const { decisions } = run([
      aeVersion({ ...susar, seriousCriteria: ['life-threatening'], time: T1 }),
      aeVersion({ ...susar, version: 2, seriousCriteria: ['life-threatening', 'death'], outcome: 'fatal', grade: 5, time: T2 }),
    ]);
    expect(decisions[1]).toMatchObject({ change: 'alert.escalated', view: { severity: 'critical' } });
    expect(decisions[1].view.reasons).toContain('FATAL');
    expect(decisions[1].view.dueBy).toBe(plus(T2, 7 * DAY));
  });

  it('a serious AE that is no longer serious loses its clock (downgrade)', () => {
    const { decisions } = run([
      aeVersion({ ...serious, causality: 'possibly', time: T1 }),
      aeVersion({ causality: 'possibly', version: 2, time: T2 }),
    ]);
    expect(decisions[1].change).toBe('alert.downgraded');
    expect(decisions[1].view.dueBy).toBeUndefined();
  });
});
