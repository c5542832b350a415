import { LabResult } from '@vigil/contracts';
import { formatNumber, formatRatio, isAbove, isAboveTimes, isBelow, isUsableLimit, normalizeTestCode } from './lab-numbers';

/**
 * CTCAE v5.0 grading of the safety labs Vigil receives (SPEC §2 test codes). Pure: no IO, no clock.
 *
 * Scope and limits of this table (say so to anyone who relies on it):
 * - Only the ULN-based criteria are implemented. CTCAE v5 grades ALT, AST, bilirubin and ALP against the
 *   subject's *baseline* when the baseline is abnormal, and creatinine also against baseline; a lab result
 *   alone carries no baseline, so those alternatives are not applied here.
 * - Grade 5 (death) is never a lab grade. Haemoglobin stops at grade 3: CTCAE's grade 4 anaemia is
 *   "life-threatening consequences; urgent intervention indicated", a clinical judgement no number decides.
 *   aPTT and INR also stop at grade 3 (CTCAE v5 defines no grade 4 for them).
 * - Every boundary is strict exactly as CTCAE writes it: "G2 > 3–5 × ULN" means value > 3 × ULN and
 *   value ≤ 5 × ULN, so exactly 3 × ULN is grade 1 and exactly ULN is grade 0. "G2 < 1.5–1.0" means
 *   value < 1.5 and value ≥ 1.0, so exactly 1.5 is grade 1 (when below LLN) and a value ≥ LLN is grade 0.
 *   Comparisons use a relative tolerance of 1e-9 so that 1.5 × 1.2 (1.7999999999999998 in binary) equals 1.8.
 * - Low-direction tests (NEUT, PLAT, HGB): grades 2 and up are absolute boundaries, independent of the
 *   laboratory's LLN. When the LLN is at or below the first boundary (platelets with LLN 70 × 10^9/L, below 75),
 *   the grade-1 band "< LLN – 75" is empty and a value below the boundary is graded by the absolute boundary
 *   even if it is at or above LLN: platelets 72 with LLN 70 is grade 2 (72 < 75 and ≥ 50).
 */
export const CTCAE_VERSION = '5.0' as const;

export type CtcaeGrade = 0 | 1 | 2 | 3 | 4;

export interface LabGrade {
  /** Upper-case test code (ALT, PLAT, ...). */
  test: string;
  grade: CtcaeGrade;
  ctcaeVersion: typeof CTCAE_VERSION;
  /** CTCAE term, e.g. 'Alanine aminotransferase increased'. */
  term: string;
  /** Human-readable, e.g. 'ALT 212 U/L = 5.3 × ULN (40): grade 3 (> 5.0–20.0 × ULN)'. */
  basis: string;
  /** value / ULN, for the tests graded against ULN (ALT, AST, BILI, ALP, CREAT, APTT). Unrounded. */
  timesUln?: number;
}

/** Graded in multiples of the laboratory's ULN. `multipliers` are the lower bounds of grades 2, 3, (4). */
interface TimesUlnRule {
  kind: 'times-uln';
  term: string;
  multipliers: readonly number[];
}

/** Graded by absolute values, increasing. `boundaries` are the lower bounds of grades 1, 2, 3 (exclusive). */
interface AbsoluteHighRule {
  kind: 'absolute-high';
  term: string;
  boundaries: readonly number[];
}

/**
 * Graded below the laboratory's LLN, then by absolute boundaries, decreasing: `boundaries` are the upper
 * bounds (exclusive) of grades 2, 3, (4), in `unit`. `unitsDividedBy` lists accepted units and the divisor that
 * brings a value in that unit into `unit` (keys normalised by `normalizeUnit`).
 */
interface BelowLlnRule {
  kind: 'below-lln';
  term: string;
  unit: string;
  boundaries: readonly number[];
  unitsDividedBy: Readonly<Record<string, number>>;
}

type GradingRule = TimesUlnRule | AbsoluteHighRule | BelowLlnRule;

const CELL_COUNT_UNITS: Readonly<Record<string, number>> = {
  '10^9/l': 1,
  '10^3/ul': 1,
  '10^3/mm^3': 1,
  '10^3/mm3': 1,
  'k/ul': 1,
  '/nl': 1,
  '/ul': 1000,
  'cells/ul': 1000,
  '/mm3': 1000,
  '/mm^3': 1000,
};

const RULES: Readonly<Record<string, GradingRule>> = {
  ALT: { kind: 'times-uln', term: 'Alanine aminotransferase increased', multipliers: [3, 5, 20] },
  AST: { kind: 'times-uln', term: 'Aspartate aminotransferase increased', multipliers: [3, 5, 20] },
  BILI: { kind: 'times-uln', term: 'Blood bilirubin increased', multipliers: [1.5, 3, 10] },
  CREAT: { kind: 'times-uln', term: 'Creatinine increased', multipliers: [1.5, 3, 6] },
  ALP: { kind: 'times-uln', term: 'Alkaline phosphatase increased', multipliers: [2.5, 5, 20] },
  APTT: { kind: 'times-uln', term: 'Activated partial thromboplastin time prolonged', multipliers: [1.5, 2.5] },
  INR: { kind: 'absolute-high', term: 'INR increased', boundaries: [1.2, 1.5, 2.5] },
  NEUT: {
    kind: 'below-lln',
    term: 'Neutrophil count decreased',
    unit: '10^9/L',
    boundaries: [1.5, 1.0, 0.5],
    unitsDividedBy: CELL_COUNT_UNITS,
  },
  PLAT: { kind: 'below-lln', term: 'Platelet count decreased', unit: '10^9/L', boundaries: [75, 50, 25], unitsDividedBy: CELL_COUNT_UNITS },
  HGB: { kind: 'below-lln', term: 'Anemia', unit: 'g/dL', boundaries: [10, 8], unitsDividedBy: { 'g/dl': 1, 'g/l': 10 } },
};

/** Test codes this module grades (CRP and other codes have no CTCAE lab grading here). */
export const CTCAE_V5_GRADED_TESTS: readonly string[] = Object.keys(RULES);

/**
 * Grades one lab result by CTCAE v5.0.
 *
 * The test code is matched case-insensitively and reported upper-case. Returns `undefined` (not gradable,
 * never "grade 0") when:
 * - the test has no CTCAE grading here: CRP, or any code outside {@link CTCAE_V5_GRADED_TESTS};
 * - the value is not a finite number;
 * - the limit the grade needs is missing or not a positive number: `uln` for ALT, AST, BILI, ALP, CREAT and
 *   APTT; `lln` for NEUT, PLAT and HGB. INR is graded on absolute values and needs no limit (its `uln` is
 *   ignored);
 * - NEUT, PLAT or HGB come in a unit that cannot be converted to the unit of CTCAE's absolute boundaries
 *   (10^9/L for counts; g/dL or g/L for haemoglobin, not mmol/L). Grading such a value against those
 *   boundaries could silently miss a grade. Without `unit`, the SPEC's unit is assumed. `lln` is taken in
 *   the same unit as `value`.
 */
export function gradeLab(result: LabResult): LabGrade | undefined {
  const test = normalizeTestCode(result.test);
  const rule = RULES[test];
  if (!rule || !Number.isFinite(result.value)) return undefined;
  switch (rule.kind) {
    case 'times-uln':
      return gradeTimesUln(test, rule, result);
    case 'absolute-high':
      return gradeAbsoluteHigh(test, rule, result);
    case 'below-lln':
      return gradeBelowLln(test, rule, result);
  }
}

function gradeTimesUln(test: string, rule: TimesUlnRule, result: LabResult): LabGrade | undefined {
  const { value, uln } = result;
  if (!isUsableLimit(uln)) return undefined;
  const grade = isAbove(value, uln) ? 1 + rule.multipliers.filter((m) => isAboveTimes(value, uln, m)).length : 0;
  const timesUln = value / uln;
  const basis = `${describeValue(test, value, result.unit)} ${formatRatio(timesUln)} × ULN (${formatNumber(uln, 6)}): grade ${grade} (${timesUlnBand(rule.multipliers, grade)})`;
  return { test, grade: grade as CtcaeGrade, ctcaeVersion: CTCAE_VERSION, term: rule.term, basis, timesUln };
}

function timesUlnBand(multipliers: readonly number[], grade: number): string {
  const m = (x: number) => x.toFixed(1);
  if (grade === 0) return '≤ ULN';
  if (grade === 1) return `> ULN–${m(multipliers[0])} × ULN`;
  if (grade - 1 === multipliers.length) return `> ${m(multipliers[grade - 2])} × ULN`;
  return `> ${m(multipliers[grade - 2])}–${m(multipliers[grade - 1])} × ULN`;
}

function gradeAbsoluteHigh(test: string, rule: AbsoluteHighRule, result: LabResult): LabGrade {
  const { value } = result;
  const b = rule.boundaries;
  const grade = b.filter((boundary) => isAbove(value, boundary)).length;
  const band = grade === 0 ? `≤ ${b[0]}` : grade === b.length ? `> ${b[grade - 1]}` : `> ${b[grade - 1]}–${b[grade]}`;
  const basis = `${describeValue(test, value, result.unit)}: grade ${grade} (${band}, absolute value)`;
  return { test, grade: grade as CtcaeGrade, ctcaeVersion: CTCAE_VERSION, term: rule.term, basis };
}

function gradeBelowLln(test: string, rule: BelowLlnRule, result: LabResult): LabGrade | undefined {
  const { lln } = result;
  if (!isUsableLimit(lln)) return undefined;
  const divisor = result.unit === undefined ? 1 : rule.unitsDividedBy[normalizeUnit(result.unit)];
  if (divisor === undefined) return undefined;
  const value = result.value / divisor;
  const limit = lln / divisor;
  const b = rule.boundaries;
  const belowBoundaries = b.filter((boundary) => isBelow(value, boundary)).length;
  const belowLln = isBelow(value, limit);
  const grade = belowBoundaries > 0 ? belowBoundaries + 1 : belowLln ? 1 : 0;

  const fmt = (x: number) => formatNumber(x, 6);
  const shown = describeValue(test, result.value, result.unit ?? rule.unit);
  const converted = divisor === 1 ? '' : ` = ${fmt(value)} ${rule.unit}`;
  let band: string;
  if (grade === 0) band = '≥ LLN';
  else if (grade === 1) band = `< LLN–${fmt(b[0])} ${rule.unit}`;
  else if (grade - 1 === b.length) band = `< ${fmt(b[grade - 2])} ${rule.unit}`;
  else band = `< ${fmt(b[grade - 2])}–${fmt(b[grade - 1])} ${rule.unit}`;
  const note = grade >= 2 && !belowLln ? `; at or above LLN but below CTCAE's absolute boundary ${fmt(b[0])} ${rule.unit}` : '';
  const basis = `${shown}${converted} (LLN ${fmt(limit)} ${rule.unit}): grade ${grade} (${band})${note}`;
  return { test, grade: grade as CtcaeGrade, ctcaeVersion: CTCAE_VERSION, term: rule.term, basis };
}

function describeValue(test: string, value: number, unit: string | undefined): string {
  return `${test} ${formatNumber(value, 6)}${unit ? ` ${unit}` : ''}`;
}

/** 'x10^9/L', '10*9/L', '10E9/L', '× 10⁹/L' → '10^9/l'; 'µL' → 'ul'. Unknown units stay unknown. */
function normalizeUnit(unit: string): string {
  return unit
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[µμ]/g, 'u')
    .replace(/⁹/g, '^9')
    .replace(/³/g, '^3')
    .replace(/^[x×]/, '')
    .replace(/^10(?:\*\*|\*|e)?(?=\d)/, '10^');
}
