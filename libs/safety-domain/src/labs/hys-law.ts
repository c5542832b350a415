import { LabResult } from '@vigil/contracts';
import { formatRatio, isAboveTimes, isBelow, isUsableLimit, normalizeTestCode } from './lab-numbers';

/**
 * Hy's law thresholds as SPEC §4 states them: ALT or AST **> 3 × ULN** and total bilirubin **> 2 × ULN** in
 * the same visit, both strictly greater.
 *
 * The FDA's 2009 DILI guidance says ALT or AST **≥ 3 × ULN**; the SPEC is the contract and its stricter
 * wording is followed, so a transaminase of exactly 3 × ULN does not qualify here. "Exactly" allows for
 * floating point: values within a relative 1e-9 of the boundary count as equal to it.
 *
 * The classic pattern also has ALP < 2 × ULN (hepatocellular injury rather than cholestasis). It is reported
 * in the finding, never required: a cholestatic component does not make a potential Hy's law case safe.
 */
export const HYS_LAW_THRESHOLDS = {
  transaminaseAboveTimesUln: 3,
  bilirubinAboveTimesUln: 2,
  hepatocellularAlpBelowTimesUln: 2,
} as const;

export interface HysLawFinding {
  /** Peak ALT / ULN in the visit, when ALT was measured with a ULN (even if not itself above 3 × ULN). */
  altTimesUln?: number;
  /** Peak AST / ULN in the visit, when AST was measured with a ULN. */
  astTimesUln?: number;
  /** Peak total bilirubin / ULN in the visit. */
  biliTimesUln: number;
  /** Peak ALP / ULN in the visit, when measured with a ULN. */
  alpTimesUln?: number;
  /** Human-readable: which values met the criteria and whether the pattern is hepatocellular. */
  basis: string;
}

/**
 * Assesses one visit's labs for a potential Hy's law case. Pure.
 *
 * Test codes match case-insensitively. Results without a usable ULN (missing, zero, negative) or without a
 * finite value are ignored, so a visit whose bilirubin or transaminases lack a ULN yields no finding. When a
 * test appears more than once in the visit, its highest × ULN is used. Returns `undefined` when the criteria
 * are not met.
 */
export function assessHysLaw(labs: readonly LabResult[]): HysLawFinding | undefined {
  const alt = peakTimesUln(labs, 'ALT');
  const ast = peakTimesUln(labs, 'AST');
  const bili = peakTimesUln(labs, 'BILI');
  const alp = peakTimesUln(labs, 'ALP');
  const { transaminaseAboveTimesUln: tx, bilirubinAboveTimesUln: bx, hepatocellularAlpBelowTimesUln: px } = HYS_LAW_THRESHOLDS;

  const elevated = [alt, ast].filter((p): p is Peak => p !== undefined && isAboveTimes(p.value, p.uln, tx));
  if (elevated.length === 0 || !bili || !isAboveTimes(bili.value, bili.uln, bx)) return undefined;

  const transaminases = elevated.map((p) => `${p.test} ${formatRatio(p.timesUln)} × ULN (> ${tx} × ULN)`).join(' and ');
  const bilirubin = `total bilirubin ${formatRatio(bili.timesUln)} × ULN (> ${bx} × ULN)`;
  let pattern: string;
  if (!alp) pattern = 'ALP not reported with a ULN: pattern not assessed';
  else if (isBelow(alp.value, px * alp.uln))
    pattern = `ALP ${formatRatio(alp.timesUln)} × ULN (< ${px} × ULN): hepatocellular pattern (classic Hy's law)`;
  else pattern = `ALP ${formatRatio(alp.timesUln)} × ULN (≥ ${px} × ULN): not the classic hepatocellular pattern (cholestatic component)`;

  const finding: HysLawFinding = {
    biliTimesUln: bili.timesUln,
    basis: `Potential Hy's law: ${transaminases} with ${bilirubin} in the same visit; ${pattern}`,
  };
  if (alt) finding.altTimesUln = alt.timesUln;
  if (ast) finding.astTimesUln = ast.timesUln;
  if (alp) finding.alpTimesUln = alp.timesUln;
  return finding;
}

interface Peak {
  test: string;
  value: number;
  uln: number;
  timesUln: number;
}

function peakTimesUln(labs: readonly LabResult[], test: string): Peak | undefined {
  let peak: Peak | undefined;
  for (const lab of labs) {
    if (normalizeTestCode(lab.test) !== test || !Number.isFinite(lab.value) || !isUsableLimit(lab.uln)) continue;
    const timesUln = lab.value / lab.uln;
    if (!peak || timesUln > peak.timesUln) peak = { test, value: lab.value, uln: lab.uln, timesUln };
  }
  return peak;
}
