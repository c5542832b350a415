import { AdverseEventState, Causality } from '@vigil/contracts';
import { aeVersion, testRules, treated } from '../testing/given-events';
import { AlertExpectation, given } from '../testing/given-when-then';

/** SPEC §4: the reasons of an `adverse-event` alert, given AE versions, with and without a protocol. */
type AeOverrides = Partial<AdverseEventState> & { time?: string };

const AE = 'adverse-event';
/** One AE alert raised with exactly these reasons; none at all when there are no reasons. */
const raisedWith = (reasons: string[]): AlertExpectation[] => (reasons.length === 0 ? [] : [{ change: 'alert.raised', reasons }]);

const withProtocol = testRules();

describe('adverse-event reasons: RELATED (causality at or above the threshold)', () => {
  it.each<[Causality, boolean]>([
    ['not-related', false],
    ['unlikely', false],
    ['possibly', true],
    ['probably', true],
    ['definitely', true],
  ])('default threshold "possibly": causality %s → related %s', (causality, related) => {
    given([aeVersion({ causality })], withProtocol).thenAlerts(AE, raisedWith(related ? ['RELATED'] : []));
  });

  it.each<[Causality, boolean]>([
    ['not-related', false],
    ['unlikely', false],
    ['possibly', false],
    ['probably', true],
    ['definitely', true],
  ])('protocol threshold "probably": causality %s → related %s', (causality, related) => {
    given([aeVersion({ causality })], testRules({ related: { causalityThreshold: 'probably' } })).thenAlerts(
      AE,
      raisedWith(related ? ['RELATED'] : []),
    );
  });

  it.each<[Causality, Causality | undefined, boolean]>([
    ['not-related', 'possibly', true],
    ['unlikely', 'definitely', true],
    ['not-related', 'unlikely', false],
    ['probably', 'not-related', true],
    ['possibly', 'unlikely', true],
    ['unlikely', undefined, false],
  ])('investigator %s, sponsor %s → related %s (a sponsor may upgrade, never downgrade)', (causality, sponsorCausality, related) => {
    given([aeVersion({ causality, ...(sponsorCausality ? { sponsorCausality } : {}) })], withProtocol).thenAlerts(
      AE,
      raisedWith(related ? ['RELATED'] : []),
    );
  });

  it('sponsor causality "possibly" does not make it related when the protocol threshold is "probably"', () => {
    const rules = testRules({ related: { causalityThreshold: 'probably' } });
    given([aeVersion({ causality: 'unlikely', sponsorCausality: 'possibly' })], rules).thenNoAlerts(AE);
    given([aeVersion({ causality: 'unlikely', sponsorCausality: 'probably' })], rules).thenAlert(AE, { reasons: ['RELATED'] });
  });
});

describe('adverse-event reasons: SUSAR (serious + related + unexpected)', () => {
  const susar: AeOverrides = { seriousCriteria: ['hospitalization'], causality: 'probably', expectedness: 'unexpected' };

  it.each<[string, AeOverrides, string[]]>([
    ['serious, related, unexpected', susar, ['SERIOUS', 'SUSAR', 'RELATED']],
    ['not serious', { ...susar, seriousCriteria: [] }, ['RELATED']],
    ['not related', { ...susar, causality: 'unlikely' }, ['SERIOUS']],
    ['expected', { ...susar, expectedness: 'expected' }, ['SERIOUS', 'RELATED']],
    ['related only by the sponsor', { ...susar, causality: 'not-related', sponsorCausality: 'possibly' }, ['SERIOUS', 'SUSAR', 'RELATED']],
  ])('%s → %j', (_, overrides, reasons) => {
    given([aeVersion(overrides)], withProtocol).thenAlerts(AE, raisedWith(reasons));
  });

  it('uses the protocol threshold: "possibly" is not related under a "probably" protocol, so no SUSAR', () => {
    const rules = testRules({ related: { causalityThreshold: 'probably' } });
    given([aeVersion({ ...susar, causality: 'possibly' })], rules).thenAlert(AE, { reasons: ['SERIOUS'] });
  });
});

describe('adverse-event reasons: FATAL', () => {
  it.each<[string, AeOverrides]>([
    ['outcome fatal', { seriousCriteria: ['hospitalization'], outcome: 'fatal' }],
    ['death criterion', { seriousCriteria: ['death'], outcome: 'fatal' }],
    ['death criterion, outcome not yet updated', { seriousCriteria: ['death'], outcome: 'unknown' }],
  ])('%s → FATAL, critical', (_, overrides) => {
    given([aeVersion(overrides)], withProtocol).thenAlert(AE, {
      reasons: expect.arrayContaining(['SERIOUS', 'FATAL']),
      severity: 'critical',
    });
  });

  it('recovered hospitalisation → not FATAL', () => {
    given([aeVersion({ seriousCriteria: ['hospitalization'], outcome: 'recovered' })], withProtocol).thenAlert(AE, {
      reasons: ['SERIOUS'],
    });
  });
});

describe('adverse-event reasons: SEVERE (grade at or above the threshold)', () => {
  it.each<[number, number, boolean]>([
    [3, 1, false],
    [3, 2, false],
    [3, 3, true],
    [3, 4, true],
    [4, 3, false],
    [4, 4, true],
  ])('threshold %i, grade %i → severe %s', (gradeThreshold, grade, severe) => {
    given([aeVersion({ grade })], testRules({ severe: { gradeThreshold } })).thenAlerts(AE, raisedWith(severe ? ['SEVERE'] : []));
  });
});

describe('adverse-event reasons: AESI', () => {
  const onDay = (day: number) => new Date(Date.parse('2021-01-01T00:00:00Z') + day * 86_400_000).toISOString().slice(0, 10);

  it('by MedDRA PT code (no time limit)', () => {
    const ae = aeVersion({ term: 'Clot in the leg', meddra: { ptCode: '10043565', pt: 'Thrombosis' } });
    given([ae], withProtocol).thenAlert(AE, { reasons: ['AESI'], severity: 'medium', evidence: { aesi: 'Thromboembolism' } });
  });

  it('by verbatim term pattern, case-insensitive (no time limit, no treatment needed)', () => {
    const ae = aeVersion({ term: 'Superficial basal cell CARCINOMA', meddra: undefined });
    given([ae], withProtocol).thenAlert(AE, { reasons: ['AESI'], evidence: { aesi: 'New malignancy' } });
  });

  it('an unrelated term and code → no AESI', () => {
    given([aeVersion({ term: 'Facial rash', meddra: { ptCode: '10037844', pt: 'Rash' } })], withProtocol).thenNoAlerts(AE);
  });

  it.each<[number, boolean]>([
    [0, true],
    [3, true],
    [4, false],
    [-1, false],
  ])('a 3-day limited AESI with onset on study day %i → AESI %s', (day, aesi) => {
    const ae = aeVersion({
      term: 'Fever',
      meddra: { ptCode: '10037660', pt: 'Pyrexia' },
      onsetDate: onDay(day),
      time: `${onDay(Math.max(day, 0))}T18:00:00Z`,
    });
    given([treated('2021-01-01')], withProtocol)
      .when(ae)
      .thenAlerts(AE, raisedWith(aesi ? ['AESI'] : []));
  });

  it('a 3-day limited AESI matched by term only counts inside the limit too', () => {
    const inside = aeVersion({ term: 'post-injection fever', meddra: undefined, onsetDate: onDay(3) });
    const outside = aeVersion({ term: 'post-injection fever', meddra: undefined, onsetDate: onDay(4) });
    given([treated('2021-01-01')], withProtocol)
      .when(inside)
      .thenAlert(AE, { reasons: ['AESI'] });
    given([treated('2021-01-01')], withProtocol)
      .when(outside)
      .thenNoAlerts(AE);
  });

  it('a time-limited AESI with no treatment recorded yet → no AESI (no study day to judge)', () => {
    given([aeVersion({ term: 'Fever', meddra: { ptCode: '10037660', pt: 'Pyrexia' } })], withProtocol).thenNoAlerts(AE);
  });
});

describe('adverse-event reasons: a trial without a protocol gets the universal rules only', () => {
  it.each<[string, string[], AeOverrides]>([
    ['related severe AESI-like, not serious', [], { causality: 'definitely', grade: 4, term: 'basal cell carcinoma' }],
    ['serious', ['SERIOUS'], { seriousCriteria: ['hospitalization'], grade: 4, causality: 'unlikely' }],
    ['fatal', ['SERIOUS', 'FATAL'], { seriousCriteria: ['death'], outcome: 'fatal', grade: 5 }],
    [
      'SUSAR (default threshold "possibly")',
      ['SERIOUS', 'SUSAR'],
      { seriousCriteria: ['hospitalization'], causality: 'possibly', expectedness: 'unexpected', grade: 3 },
    ],
  ])('%s → %j', (_, reasons, overrides) => {
    given([aeVersion(overrides)]).thenAlerts(AE, raisedWith(reasons));
  });
});

describe('adverse-event severity (SPEC §4 table)', () => {
  const rules = withProtocol;
  it.each<[string, string, AeOverrides]>([
    ['FATAL', 'critical', { seriousCriteria: ['death'], outcome: 'fatal', grade: 5 }],
    ['life-threatening', 'critical', { seriousCriteria: ['life-threatening'] }],
    [
      'SUSAR (non-fatal, hospitalisation)',
      'critical',
      { seriousCriteria: ['hospitalization'], causality: 'possibly', expectedness: 'unexpected' },
    ],
    ['other SERIOUS', 'high', { seriousCriteria: ['important-medical-event'] }],
    ['SERIOUS + RELATED (expected)', 'high', { seriousCriteria: ['hospitalization'], causality: 'probably' }],
    ['RELATED + SEVERE', 'high', { causality: 'possibly', grade: 3 }],
    ['RELATED only', 'medium', { causality: 'possibly', grade: 2 }],
    ['SEVERE only', 'medium', { causality: 'unlikely', grade: 3 }],
    ['AESI only', 'medium', { term: 'basal cell carcinoma', meddra: undefined }],
    ['AESI + SEVERE (not related)', 'medium', { term: 'basal cell carcinoma', meddra: undefined, grade: 3 }],
  ])('%s → %s', (_, severity, overrides) => {
    given([aeVersion(overrides)], rules).thenAlert(AE, { severity });
  });
});
