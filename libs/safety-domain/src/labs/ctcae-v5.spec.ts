import { LabResult } from '@vigil/contracts';
import { CTCAE_V5_GRADED_TESTS, CTCAE_VERSION, gradeLab } from './ctcae-v5';

type Limits = Pick<LabResult, 'lln' | 'uln' | 'unit'>;
type Row = [test: string, value: number, limits: Limits, grade: number];

// Every boundary exactly (stays in the lower grade: boundaries are strict) and a value just beyond it.
const ROWS: Row[] = [
  // ALT / AST: G1 > ULN–3×, G2 > 3–5×, G3 > 5–20×, G4 > 20× (ULN 40 U/L)
  ...(['ALT', 'AST'] as const).flatMap((test): Row[] => [
    [test, 20, { uln: 40 }, 0],
    [test, 40, { uln: 40 }, 0],
    [test, 40.1, { uln: 40 }, 1],
    [test, 120, { uln: 40 }, 1],
    [test, 120.1, { uln: 40 }, 2],
    [test, 200, { uln: 40 }, 2],
    [test, 200.1, { uln: 40 }, 3],
    [test, 800, { uln: 40 }, 3],
    [test, 800.1, { uln: 40 }, 4],
  ]),
  // BILI: G1 > ULN–1.5×, G2 > 1.5–3×, G3 > 3–10×, G4 > 10× (ULN 1.2 mg/dL: 1.5 × 1.2 is 1.7999999999999998 in binary)
  ['BILI', 1.2, { uln: 1.2 }, 0],
  ['BILI', 1.21, { uln: 1.2 }, 1],
  ['BILI', 1.8, { uln: 1.2 }, 1],
  ['BILI', 1.81, { uln: 1.2 }, 2],
  ['BILI', 3.6, { uln: 1.2 }, 2],
  ['BILI', 3.61, { uln: 1.2 }, 3],
  ['BILI', 12, { uln: 1.2 }, 3],
  ['BILI', 12.01, { uln: 1.2 }, 4],
  // CREAT: G1 > ULN–1.5×, G2 > 1.5–3×, G3 > 3–6×, G4 > 6× (ULN 1.1 mg/dL: 3 × 1.1 is 3.3000000000000003)
  ['CREAT', 1.1, { uln: 1.1 }, 0],
  ['CREAT', 1.11, { uln: 1.1 }, 1],
  ['CREAT', 1.65, { uln: 1.1 }, 1],
  ['CREAT', 1.66, { uln: 1.1 }, 2],
  ['CREAT', 3.3, { uln: 1.1 }, 2],
  ['CREAT', 3.31, { uln: 1.1 }, 3],
  ['CREAT', 6.6, { uln: 1.1 }, 3],
  ['CREAT', 6.61, { uln: 1.1 }, 4],
  // ALP: G1 > ULN–2.5×, G2 > 2.5–5×, G3 > 5–20×, G4 > 20× (ULN 120 U/L)
  ['ALP', 120, { uln: 120 }, 0],
  ['ALP', 121, { uln: 120 }, 1],
  ['ALP', 300, { uln: 120 }, 1],
  ['ALP', 301, { uln: 120 }, 2],
  ['ALP', 600, { uln: 120 }, 2],
  ['ALP', 601, { uln: 120 }, 3],
  ['ALP', 2400, { uln: 120 }, 3],
  ['ALP', 2401, { uln: 120 }, 4],
  // APTT: G1 > ULN–1.5×, G2 > 1.5–2.5×, G3 > 2.5× (ULN 35 s); no grade 4
  ['APTT', 35, { uln: 35 }, 0],
  ['APTT', 35.1, { uln: 35 }, 1],
  ['APTT', 52.5, { uln: 35 }, 1],
  ['APTT', 52.6, { uln: 35 }, 2],
  ['APTT', 87.5, { uln: 35 }, 2],
  ['APTT', 87.6, { uln: 35 }, 3],
  ['APTT', 350, { uln: 35 }, 3],
  // INR: G1 > 1.2–1.5, G2 > 1.5–2.5, G3 > 2.5, absolute values whatever the ULN; no grade 4
  ['INR', 1.2, {}, 0],
  ['INR', 1.21, {}, 1],
  ['INR', 1.5, {}, 1],
  ['INR', 1.51, {}, 2],
  ['INR', 2.5, {}, 2],
  ['INR', 2.51, {}, 3],
  ['INR', 9, {}, 3],
  ['INR', 1.15, { uln: 1.0 }, 0],
  ['INR', 1.3, { uln: 1.5 }, 1],
  // NEUT (10^9/L): G1 < LLN–1.5, G2 < 1.5–1.0, G3 < 1.0–0.5, G4 < 0.5 (LLN 2.0)
  ['NEUT', 3.1, { lln: 2 }, 0],
  ['NEUT', 2, { lln: 2 }, 0],
  ['NEUT', 1.99, { lln: 2 }, 1],
  ['NEUT', 1.5, { lln: 2 }, 1],
  ['NEUT', 1.49, { lln: 2 }, 2],
  ['NEUT', 1.0, { lln: 2 }, 2],
  ['NEUT', 0.99, { lln: 2 }, 3],
  ['NEUT', 0.5, { lln: 2 }, 3],
  ['NEUT', 0.49, { lln: 2 }, 4],
  ['NEUT', 1.5, { lln: 1.5 }, 0], // at LLN = boundary: neither below LLN nor below 1.5
  ['NEUT', 1.45, { lln: 1.4 }, 2], // LLN below the 1.5 boundary: G1 band empty, absolute boundary grades
  // PLAT (10^9/L): G1 < LLN–75, G2 < 75–50, G3 < 50–25, G4 < 25 (LLN 150)
  ['PLAT', 150, { lln: 150 }, 0],
  ['PLAT', 149, { lln: 150 }, 1],
  ['PLAT', 75, { lln: 150 }, 1],
  ['PLAT', 74.9, { lln: 150 }, 2],
  ['PLAT', 50, { lln: 150 }, 2],
  ['PLAT', 49.9, { lln: 150 }, 3],
  ['PLAT', 25, { lln: 150 }, 3],
  ['PLAT', 24.9, { lln: 150 }, 4],
  ['PLAT', 75, { lln: 70 }, 0], // LLN 70 < 75: 75 is neither < 75 nor < LLN
  ['PLAT', 72, { lln: 70 }, 2], // ≥ LLN but < 75 and ≥ 50
  ['PLAT', 69, { lln: 70 }, 2],
  // HGB (g/dL): G1 < LLN–10, G2 < 10–8, G3 < 8 (LLN 12); no grade 4 (life-threatening anaemia is clinical)
  ['HGB', 12, { lln: 12 }, 0],
  ['HGB', 11.9, { lln: 12 }, 1],
  ['HGB', 10, { lln: 12 }, 1],
  ['HGB', 9.9, { lln: 12 }, 2],
  ['HGB', 8, { lln: 12 }, 2],
  ['HGB', 7.9, { lln: 12 }, 3],
  ['HGB', 4, { lln: 12 }, 3],
  // Units other than the SPEC's, converted before the absolute boundaries
  ['HGB', 80, { lln: 120, unit: 'g/L' }, 2],
  ['HGB', 79, { lln: 120, unit: 'g/L' }, 3],
  ['HGB', 7.9, { lln: 12, unit: 'g/dL' }, 3],
  ['PLAT', 74.9, { lln: 150, unit: '10^3/µL' }, 2],
  ['PLAT', 74900, { lln: 150000, unit: '/µL' }, 2],
  ['NEUT', 0.49, { lln: 2, unit: 'x10^9/L' }, 4],
  ['NEUT', 1.49, { lln: 2, unit: '× 10⁹/L' }, 2],
  // Lower-case and mixed-case codes
  ['alt', 120.1, { uln: 40 }, 2],
  ['Plat', 24.9, { lln: 150 }, 4],
];

describe('CTCAE v5 lab grading', () => {
  it.each(ROWS)('given lab %s with value %p and limits %j, then grade %p', (test, value, limits, grade) => {
    const result = gradeLab({ test, value, ...limits });
    expect(result).toMatchObject({ test: test.toUpperCase(), grade, ctcaeVersion: '5.0' });
  });

  it('covers every graded test code in the table', () => {
    const tested = new Set(ROWS.map(([test]) => test.toUpperCase()));
    expect(CTCAE_V5_GRADED_TESTS.filter((t) => !tested.has(t))).toEqual([]);
    expect([...CTCAE_V5_GRADED_TESTS].sort()).toEqual(['ALP', 'ALT', 'APTT', 'AST', 'BILI', 'CREAT', 'HGB', 'INR', 'NEUT', 'PLAT']);
  });

  it.each<[string, LabResult]>([
    ['ALT without uln', { test: 'ALT', value: 900 }],
    ['AST without uln', { test: 'AST', value: 900, lln: 5 }],
    ['BILI without uln', { test: 'BILI', value: 9 }],
    ['CREAT without uln', { test: 'CREAT', value: 9 }],
    ['ALP without uln', { test: 'ALP', value: 900 }],
    ['APTT without uln', { test: 'APTT', value: 200 }],
    ['NEUT without lln', { test: 'NEUT', value: 0.1, uln: 7.5 }],
    ['PLAT without lln', { test: 'PLAT', value: 10 }],
    ['HGB without lln', { test: 'HGB', value: 5 }],
    ['ALT with uln 0', { test: 'ALT', value: 900, uln: 0 }],
    ['PLAT with a negative lln', { test: 'PLAT', value: 10, lln: -1 }],
    ['ALT with a non-finite value', { test: 'ALT', value: Number.NaN, uln: 40 }],
    ['CRP (no CTCAE lab grading)', { test: 'CRP', value: 250, unit: 'mg/L', uln: 5 }],
    ['crp in lower case', { test: 'crp', value: 250, uln: 5 }],
    ['an unknown code', { test: 'FERRITIN', value: 900, uln: 300 }],
    ['HGB in mmol/L (no safe conversion)', { test: 'HGB', value: 4, unit: 'mmol/L', lln: 7.5 }],
    ['PLAT in an unknown unit', { test: 'PLAT', value: 20, unit: 'G/dL', lln: 150 }],
  ])('given %s, then no grade (undefined)', (_, result) => {
    expect(gradeLab(result)).toBeUndefined();
  });

  it('given ALT 212 U/L with ULN 40, then grade 3 with term, ×ULN and a readable basis', () => {
    expect(gradeLab({ test: 'ALT', value: 212, unit: 'U/L', lln: 7, uln: 40 })).toEqual({
      test: 'ALT',
      grade: 3,
      ctcaeVersion: CTCAE_VERSION,
      term: 'Alanine aminotransferase increased',
      basis: 'ALT 212 U/L = 5.3 × ULN (40): grade 3 (> 5.0–20.0 × ULN)',
      timesUln: 5.3,
    });
  });

  it.each<[LabResult, string, string]>([
    [
      { test: 'AST', value: 40, unit: 'U/L', uln: 40 },
      'Aspartate aminotransferase increased',
      'AST 40 U/L = 1 × ULN (40): grade 0 (≤ ULN)',
    ],
    [{ test: 'BILI', value: 1.8, uln: 1.2 }, 'Blood bilirubin increased', 'BILI 1.8 = 1.5 × ULN (1.2): grade 1 (> ULN–1.5 × ULN)'],
    [{ test: 'CREAT', value: 7, uln: 1 }, 'Creatinine increased', 'CREAT 7 = 7 × ULN (1): grade 4 (> 6.0 × ULN)'],
    [{ test: 'ALP', value: 400, uln: 120 }, 'Alkaline phosphatase increased', 'ALP 400 ≈ 3.33 × ULN (120): grade 2 (> 2.5–5.0 × ULN)'],
    [
      { test: 'APTT', value: 100, unit: 's', uln: 35 },
      'Activated partial thromboplastin time prolonged',
      'APTT 100 s ≈ 2.86 × ULN (35): grade 3 (> 2.5 × ULN)',
    ],
    [{ test: 'INR', value: 1.8 }, 'INR increased', 'INR 1.8: grade 2 (> 1.5–2.5, absolute value)'],
    [{ test: 'NEUT', value: 0.8, lln: 2 }, 'Neutrophil count decreased', 'NEUT 0.8 10^9/L (LLN 2 10^9/L): grade 3 (< 1–0.5 10^9/L)'],
    [
      { test: 'PLAT', value: 72, lln: 70 },
      'Platelet count decreased',
      "PLAT 72 10^9/L (LLN 70 10^9/L): grade 2 (< 75–50 10^9/L); at or above LLN but below CTCAE's absolute boundary 75 10^9/L",
    ],
    [{ test: 'HGB', value: 75, unit: 'g/L', lln: 120 }, 'Anemia', 'HGB 75 g/L = 7.5 g/dL (LLN 12 g/dL): grade 3 (< 8 g/dL)'],
  ])('given %j, then term %s and basis %s', (result, term, basis) => {
    expect(gradeLab(result)).toMatchObject({ term, basis });
  });

  it('reports ×ULN only for the tests graded against ULN', () => {
    expect(gradeLab({ test: 'BILI', value: 3, uln: 1.2 })?.timesUln).toBeCloseTo(2.5);
    expect(gradeLab({ test: 'INR', value: 3, uln: 1.1 })?.timesUln).toBeUndefined();
    expect(gradeLab({ test: 'PLAT', value: 30, lln: 150, uln: 400 })?.timesUln).toBeUndefined();
  });
});
