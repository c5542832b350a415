import { LabResult } from '@vigil/contracts';
import { gradeLab, HYS_LAW_THRESHOLDS, Protocol } from '@vigil/safety-domain';

/** A subject's highest value/ULN of one test, and the visit it was measured at. */
export interface Peak {
  xUln: number;
  value: number;
  uln: number;
  unit?: string;
  /** The visit date (`YYYY-MM-DD`). */
  date: string;
  visitCode: string;
}

export const PEAK_TESTS = ['alt', 'ast', 'bili', 'alp'] as const;
type PeakTest = (typeof PEAK_TESTS)[number];

/** One point of the eDISH plot. */
export interface SubjectLabPeaks extends Partial<Record<PeakTest, Peak>> {
  subjectId: string;
  /** Unblinded: absent for sponsors (never read for them). */
  arm?: string | null;
  /** The higher of the ALT and AST peaks (× ULN), null when neither was measured with a ULN. */
  transaminaseXUln: number | null;
  biliXUln: number | null;
  /** The subject has a `hys-law` alert that is not withdrawn (as of asOf). */
  hysLaw: boolean;
  hysLawAlertId?: string;
}

export interface HysLawThresholds {
  transaminaseXUln: number;
  biliXUln: number;
}

export interface LabPeaks {
  items: SubjectLabPeaks[];
  thresholds: HysLawThresholds;
}

/** The current record of one completed visit (a correction already replaced what it corrects). */
export interface CompletedVisit {
  subjectId: string;
  visitCode: string;
  visitDate: string;
  labs: LabResult[];
}

/**
 * The eDISH lines: the Hy's law rule's own thresholds (SPEC §4: ALT or AST > 3 × ULN, bilirubin > 2 × ULN).
 * Protocol files declare no Hy's law thresholds today, so every trial gets the rule's; a protocol that
 * declares them would be read here.
 */
export function hysLawThresholds(_protocol: Protocol | undefined): HysLawThresholds {
  return { transaminaseXUln: HYS_LAW_THRESHOLDS.transaminaseAboveTimesUln, biliXUln: HYS_LAW_THRESHOLDS.bilirubinAboveTimesUln };
}

/**
 * Per subject, the peak × ULN of ALT, AST, total bilirubin and ALP over all completed visits, graded by the
 * domain (`gradeLab`'s `timesUln`: a result without a usable ULN has none and is skipped). A tie keeps the
 * earlier visit. One item per subject with at least one such lab, sorted by subject id. Pure.
 */
export function labPeaks(
  visits: CompletedVisit[],
  hysLawAlerts: ReadonlyMap<string, string>,
  arms: ReadonlyMap<string, string | null> | undefined,
  thresholds: HysLawThresholds,
): LabPeaks {
  const bySubject = new Map<string, Partial<Record<PeakTest, Peak>>>();
  const ordered = [...visits].sort((a, b) => cmp(a.visitDate, b.visitDate) || cmp(a.visitCode, b.visitCode));
  for (const visit of ordered) {
    for (const lab of visit.labs) {
      const test = lab.test.trim().toLowerCase() as PeakTest;
      if (!PEAK_TESTS.includes(test)) continue;
      const xUln = gradeLab(lab)?.timesUln;
      if (xUln === undefined || lab.uln === undefined) continue;
      const peaks = bySubject.get(visit.subjectId) ?? {};
      if (!peaks[test] || xUln > peaks[test].xUln) {
        peaks[test] = {
          xUln,
          value: lab.value,
          uln: lab.uln,
          ...(lab.unit ? { unit: lab.unit } : {}),
          date: visit.visitDate,
          visitCode: visit.visitCode,
        };
      }
      bySubject.set(visit.subjectId, peaks);
    }
  }
  const items = [...bySubject.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([subjectId, peaks]): SubjectLabPeaks => {
      const transaminases = [peaks.alt?.xUln, peaks.ast?.xUln].filter((x): x is number => x !== undefined);
      const alertId = hysLawAlerts.get(subjectId);
      return {
        subjectId,
        ...(arms ? { arm: arms.get(subjectId) ?? null } : {}),
        ...peaks,
        transaminaseXUln: transaminases.length > 0 ? Math.max(...transaminases) : null,
        biliXUln: peaks.bili?.xUln ?? null,
        hysLaw: alertId !== undefined,
        ...(alertId ? { hysLawAlertId: alertId } : {}),
      };
    });
  return { items, thresholds };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
