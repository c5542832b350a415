import { LabResult, Vitals } from '@vigil/contracts';
import { Rng } from './prng';

export type Sex = 'F' | 'M';

interface LabRange {
  unit: string;
  lln: number;
  uln: number;
  /** Where healthy values fall, inside [lln, uln]. */
  typical: [number, number];
  decimals: number;
}

/** Adult reference ranges as a hospital lab reports them; HGB and CREAT differ by sex. */
export function labRanges(sex: Sex): Record<string, LabRange> {
  const female = sex === 'F';
  return {
    ALT: { unit: 'U/L', lln: 7, uln: 40, typical: [12, 34], decimals: 0 },
    AST: { unit: 'U/L', lln: 10, uln: 40, typical: [14, 32], decimals: 0 },
    BILI: { unit: 'mg/dL', lln: 0.1, uln: 1.2, typical: [0.3, 0.9], decimals: 1 },
    ALP: { unit: 'U/L', lln: 40, uln: 129, typical: [50, 110], decimals: 0 },
    CREAT: female
      ? { unit: 'mg/dL', lln: 0.59, uln: 1.04, typical: [0.62, 0.95], decimals: 2 }
      : { unit: 'mg/dL', lln: 0.74, uln: 1.35, typical: [0.8, 1.15], decimals: 2 },
    NEUT: { unit: '10^9/L', lln: 1.8, uln: 7.7, typical: [2.4, 5.8], decimals: 2 },
    PLAT: { unit: '10^9/L', lln: 150, uln: 400, typical: [170, 330], decimals: 0 },
    HGB: female
      ? { unit: 'g/dL', lln: 11.6, uln: 15.0, typical: [12.0, 14.2], decimals: 1 }
      : { unit: 'g/dL', lln: 13.2, uln: 16.6, typical: [13.6, 15.8], decimals: 1 },
    APTT: { unit: 's', lln: 25, uln: 37, typical: [27, 34], decimals: 1 },
    INR: { unit: 'ratio', lln: 0.9, uln: 1.1, typical: [0.92, 1.08], decimals: 2 },
    CRP: { unit: 'mg/L', lln: 0, uln: 8, typical: [0.3, 4.5], decimals: 1 },
  };
}

export function normalLabs(rng: Rng, sex: Sex): LabResult[] {
  return Object.entries(labRanges(sex)).map(([test, r]) => ({
    test,
    value: rng.float(r.typical[0], r.typical[1], r.decimals),
    unit: r.unit,
    lln: r.lln,
    uln: r.uln,
  }));
}

export function normalVitals(rng: Rng): Vitals {
  return {
    temperatureC: rng.float(36.4, 37.4, 1),
    systolicBp: rng.int(112, 138),
    diastolicBp: rng.int(68, 86),
    heartRate: rng.int(60, 88),
    respiratoryRate: rng.int(12, 18),
  };
}

export interface ScoreProfile {
  vas: number;
  odi: number;
  promis: number;
  /** Share of the baseline pain and disability that goes away (responders ~0.6, non-responders ~0.2). */
  response: number;
}

export function baselineScores(rng: Rng): ScoreProfile {
  return { vas: rng.float(5.5, 8.0, 1), odi: rng.int(30, 55), promis: rng.float(32, 40, 1), response: rng.float(0.15, 0.7, 2) };
}

/** Pain and function improve over the first months after the injection, then plateau. */
export function assessmentsAt(rng: Rng, base: ScoreProfile, studyDay: number): Record<string, number> {
  const gain = studyDay <= 0 ? 0 : base.response * (1 - Math.exp(-studyDay / 45));
  const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
  const vas = Number(clamp(base.vas * (1 - gain) + rng.float(-0.4, 0.4, 1), 0, 10).toFixed(1));
  // The first days after an injection are scored on pain only.
  if (studyDay >= 0 && studyDay < 14) return { vas };
  return {
    vas,
    odi: Math.round(clamp(base.odi * (1 - gain) + rng.int(-3, 3), 0, 100)),
    promisPhysicalFunction: Number(clamp(base.promis + (50 - base.promis) * gain + rng.float(-1.5, 1.5, 1), 10, 80).toFixed(1)),
  };
}
