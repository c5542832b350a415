import { LabResult } from '@vigil/contracts';
import { assessHysLaw } from './hys-law';

// `null` = reported without a ULN (a default parameter would replace `undefined`).
const lab =
  (test: string, unit: string, defaultUln: number) =>
  (value: number, uln: number | null = defaultUln): LabResult =>
    uln === null ? { test, value, unit } : { test, value, unit, uln };
const alt = lab('ALT', 'U/L', 40);
const ast = lab('AST', 'U/L', 40);
const bili = lab('BILI', 'mg/dL', 1.2);
const alp = lab('ALP', 'U/L', 120);

describe("Hy's law (SPEC §4: ALT or AST > 3×ULN and total bilirubin > 2×ULN, same visit)", () => {
  it.each<[string, LabResult[], 'a finding' | 'none']>([
    ['ALT exactly 3×ULN and BILI exactly 2×ULN', [alt(120), bili(2.4)], 'none'],
    ['ALT just above 3×ULN and BILI just above 2×ULN', [alt(120.1), bili(2.41)], 'a finding'],
    ['ALT exactly 3×ULN and BILI just above 2×ULN', [alt(120), bili(2.41)], 'none'],
    ['ALT just above 3×ULN and BILI exactly 2×ULN', [alt(120.1), bili(2.4)], 'none'],
    ['AST instead of ALT, just above both', [ast(120.1), bili(2.41)], 'a finding'],
    ['AST high, ALT normal, BILI high', [alt(30), ast(300), bili(5)], 'a finding'],
    ['AST exactly 3×ULN and ALT normal', [alt(30), ast(120), bili(5)], 'none'],
    ['bilirubin high, transaminases normal', [alt(35), ast(38), bili(6)], 'none'],
    ['transaminases high, bilirubin normal', [alt(500), ast(400), bili(1)], 'none'],
    ['transaminases high, bilirubin not measured', [alt(500), ast(400)], 'none'],
    ['bilirubin high, transaminases not measured', [bili(6)], 'none'],
    ['ALT without ULN', [alt(500, null), bili(6)], 'none'],
    ['BILI without ULN', [alt(500), bili(6, null)], 'none'],
    ['ALT without ULN but AST with ULN above 3×', [alt(500, null), ast(200), bili(6)], 'a finding'],
    [
      'lower-case codes',
      [
        { test: 'alt', value: 500, uln: 40 },
        { test: 'Bili', value: 6, uln: 1.2 },
      ],
      'a finding',
    ],
    ['no labs', [], 'none'],
    ['CRP only', [{ test: 'CRP', value: 250, uln: 5 }], 'none'],
    ['ALT repeated: the highest ×ULN counts', [alt(100), alt(130), bili(3)], 'a finding'],
    ['BILI repeated: the highest ×ULN counts', [alt(200), bili(2), bili(2.5, 1.0)], 'a finding'],
  ])('given %s, then %s', (_, labs, expected) => {
    expect(assessHysLaw(labs) === undefined ? 'none' : 'a finding').toBe(expected);
  });

  it('given ALT 5.3×, BILI 2.5× and ALP 1.25× ULN, then a hepatocellular finding with all ratios', () => {
    expect(assessHysLaw([alt(212), bili(3), alp(150)])).toEqual({
      altTimesUln: 5.3,
      biliTimesUln: 2.5,
      alpTimesUln: 1.25,
      basis:
        "Potential Hy's law: ALT = 5.3 × ULN (> 3 × ULN) with total bilirubin = 2.5 × ULN (> 2 × ULN) in the same visit; " +
        "ALP = 1.25 × ULN (< 2 × ULN): hepatocellular pattern (classic Hy's law)",
    });
  });

  it('given ALP at 2×ULN, then still a finding, described as not the classic hepatocellular pattern', () => {
    const finding = assessHysLaw([alt(200), ast(160), bili(3), alp(240)]);
    expect(finding).toMatchObject({ altTimesUln: 5, astTimesUln: 4, biliTimesUln: 2.5, alpTimesUln: 2 });
    expect(finding?.basis).toContain('ALT = 5 × ULN (> 3 × ULN) and AST = 4 × ULN (> 3 × ULN)');
    expect(finding?.basis).toContain('not the classic hepatocellular pattern');
  });

  it('given no ALP, then the finding says the pattern was not assessed and has no alpTimesUln', () => {
    const finding = assessHysLaw([ast(200), bili(3)]);
    expect(finding).toBeDefined();
    expect(finding).not.toHaveProperty('alpTimesUln');
    expect(finding).not.toHaveProperty('altTimesUln');
    expect(finding?.basis).toContain('pattern not assessed');
  });

  it('reports the peak ×ULN when a test repeats in the visit', () => {
    expect(assessHysLaw([alt(130), alt(100), bili(3), bili(2.5, 1.0)])).toMatchObject({ altTimesUln: 3.25, biliTimesUln: 2.5 });
  });
});
