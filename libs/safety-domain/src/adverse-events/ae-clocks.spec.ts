import { AdverseEventState } from '@vigil/contracts';
import { UNIVERSAL_AE_RULES } from './ae-rule-settings';
import { TrialRules } from '../monitor/react-to-input-event';
import { aeVersion, testRules } from '../testing/given-events';
import { given, Scenario } from '../testing/given-when-then';

/** SPEC §4 clocks (`dueBy`): SAE 24 h, SUSAR 15 days, fatal / life-threatening SUSAR 7 days (restarted). */
type AeOverrides = Partial<AdverseEventState> & { time?: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T1 = '2021-02-04T10:00:00Z';
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

const AE = 'adverse-event';
/** The AE alert as it stands after the scenario (dueBy and evidence of the latest change, updates included). */
const alertOf = (scenario: Scenario) => scenario.state.aes['CK-001-AE-03']?.alert;

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
    given([aeVersion({ ...overrides, time: T1 })], testRules()).thenAlert(AE, { dueBy: due === undefined ? undefined : plus(T1, due) });
  });

  it('without a protocol the same clocks apply (universal rules)', () => {
    const rules: TrialRules = { adverseEvents: UNIVERSAL_AE_RULES }; // no protocol
    given([aeVersion({ ...serious, time: T1 })], rules).thenAlert(AE, { dueBy: plus(T1, 24 * HOUR) });
    given([aeVersion({ ...susar, time: T1 })], rules).thenAlert(AE, { dueBy: plus(T1, 15 * DAY) });
  });
});

describe('AE clocks across follow-ups: awareness is the time of the first version that met the reason', () => {
  const T2 = '2021-02-06T08:30:00Z';
  const lifeThreatening: AeOverrides = { ...susar, seriousCriteria: ['hospitalization', 'life-threatening'] };

  it('a v2 that keeps SERIOUS keeps the v1 clock (recorded as an update, not announced as a change)', () => {
    const scenario = given([aeVersion({ ...serious, time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when(aeVersion({ ...serious, version: 2, grade: 2, outcome: 'recovered', time: T2 }))
      .thenAlert(AE, { change: 'alert.updated' });
    expect(alertOf(scenario)?.dueBy).toBe(plus(T1, 24 * HOUR));
    expect(alertOf(scenario)?.evidence).toMatchObject({ aeVersion: 2, awareness: { SERIOUS: T1 } });
  });

  it('non-serious v1, serious v2 → the 24 h clock starts at v2', () => {
    given([aeVersion({ time: T1 })], testRules())
      .thenNoAlerts(AE)
      .when(aeVersion({ ...serious, version: 2, time: T2 }))
      .thenAlert(AE, { change: 'alert.raised', dueBy: plus(T2, 24 * HOUR) });
  });

  it('SERIOUS at v1, SUSAR at v2 → 15 days from v2 (SUSAR awareness), escalated', () => {
    given([aeVersion({ ...serious, time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when(aeVersion({ ...susar, version: 2, time: T2 }))
      .thenAlert(AE, { change: 'alert.escalated', dueBy: plus(T2, 15 * DAY), evidence: { awareness: { SERIOUS: T1, SUSAR: T2 } } });
  });

  it('SUSAR at v1 (T1), life-threatening at v2 (T2) → due T2 + 7 days, an escalation though the reasons did not change', () => {
    const reasons = ['SERIOUS', 'SUSAR', 'RELATED'];
    given([aeVersion({ ...susar, time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised', reasons })
      .when(aeVersion({ ...lifeThreatening, version: 2, time: T2 }))
      .thenAlert(AE, { change: 'alert.escalated', reasons, severity: 'critical', dueBy: plus(T2, 7 * DAY), sequence: 2 });
  });

  it('after the restart, a v3 that stays life-threatening keeps the v2 clock', () => {
    const scenario = given([aeVersion({ ...susar, time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when(aeVersion({ ...lifeThreatening, version: 2, time: T2 }))
      .thenAlert(AE, { change: 'alert.escalated' })
      .when(aeVersion({ ...lifeThreatening, version: 3, grade: 4, time: '2021-02-08T09:00:00Z' }))
      .thenAlert(AE, { change: 'alert.escalated' });
    expect(alertOf(scenario)?.dueBy).toBe(plus(T2, 7 * DAY));
  });

  it('SUSAR at v1, life-threatening at v2 ten days later → due v2 + 7 days, still an escalation (never a downgrade)', () => {
    const late = plus(T1, 10 * DAY);
    given([aeVersion({ ...susar, time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when(aeVersion({ ...lifeThreatening, version: 2, time: late }))
      .thenAlert(AE, { change: 'alert.escalated', dueBy: plus(late, 7 * DAY) });
  });

  it('life-threatening, not related at v1 (T1); related and unexpected at v2 (T2) → SUSAR, due T2 + 7 days', () => {
    const lt: AeOverrides = { seriousCriteria: ['life-threatening'] };
    given([aeVersion({ ...lt, time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised', dueBy: plus(T1, 24 * HOUR) })
      .when(aeVersion({ ...lt, version: 2, causality: 'possibly', expectedness: 'unexpected', time: T2 }))
      .thenAlert(AE, { change: 'alert.escalated', reasons: ['SERIOUS', 'SUSAR', 'RELATED'], dueBy: plus(T2, 7 * DAY) });
  });

  it('a fatal SUSAR at v1 that is still fatal at v2 keeps the v1 7-day clock', () => {
    const fatal: AeOverrides = { ...susar, seriousCriteria: ['death'], outcome: 'fatal', grade: 5 };
    const scenario = given([aeVersion({ ...fatal, time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when(aeVersion({ ...fatal, version: 2, time: T2 }))
      .thenAlert(AE, { change: 'alert.updated' });
    expect(alertOf(scenario)?.dueBy).toBe(plus(T1, 7 * DAY));
  });

  it('a life-threatening SUSAR at v1 (T1) that becomes fatal at v2 (T2) restarts the 7-day clock at T2', () => {
    given([aeVersion({ ...susar, seriousCriteria: ['life-threatening'], time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when(aeVersion({ ...susar, version: 2, seriousCriteria: ['life-threatening', 'death'], outcome: 'fatal', grade: 5, time: T2 }))
      .thenAlert(AE, {
        change: 'alert.escalated',
        severity: 'critical',
        reasons: expect.arrayContaining(['FATAL']),
        dueBy: plus(T2, 7 * DAY),
      });
  });

  it('a serious AE that is no longer serious loses its clock (downgrade)', () => {
    given([aeVersion({ ...serious, causality: 'possibly', time: T1 })], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when(aeVersion({ causality: 'possibly', version: 2, time: T2 }))
      .thenAlert(AE, { change: 'alert.downgraded', dueBy: undefined });
  });
});
