/**
 * Number helpers shared by the lab rules (internal to `labs/`).
 *
 * Grading compares a value with a multiple of a limit (3 × ULN) or with an absolute boundary (1.5 × 10^9/L).
 * In binary floating point `1.5 × 1.2` is 1.7999999999999998, so a bilirubin of 1.8 mg/dL with ULN 1.2 would
 * otherwise count as "above 1.5 × ULN". Values within a relative tolerance of the boundary are treated as
 * equal to it; every "above"/"below" in the CTCAE tables is strict, so equal never crosses a boundary.
 */
export const RELATIVE_TOLERANCE = 1e-9;

function tolerance(a: number, b: number): number {
  return RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** `value > boundary`, with values within the tolerance counting as equal (so not greater). */
export function isAbove(value: number, boundary: number): boolean {
  return value - boundary > tolerance(value, boundary);
}

/** `value < boundary`, with values within the tolerance counting as equal (so not less). */
export function isBelow(value: number, boundary: number): boolean {
  return boundary - value > tolerance(value, boundary);
}

/** `value > multiplier × limit`, compared with the tolerance. */
export function isAboveTimes(value: number, limit: number, multiplier: number): boolean {
  return isAbove(value, multiplier * limit);
}

/** Test codes arrive in any case (`alt`, `Alt`); rules and reports use the upper-case code. */
export function normalizeTestCode(test: string): string {
  return test.trim().toUpperCase();
}

/** A usable reference limit: a finite number above zero. */
export function isUsableLimit(limit: number | undefined): limit is number {
  return typeof limit === 'number' && Number.isFinite(limit) && limit > 0;
}

/** Rounds for display (at most `decimals` places, no trailing zeros): 5.3, 3, 0.33. */
export function formatNumber(value: number, decimals = 2): string {
  return String(Number(value.toFixed(decimals)));
}

/** "= 5.3" when the display is exact, "≈ 0.33" when rounding changed the number. */
export function formatRatio(ratio: number): string {
  const shown = Number(ratio.toFixed(2));
  return `${isAbove(ratio, shown) || isBelow(ratio, shown) ? '≈' : '='} ${shown}`;
}
