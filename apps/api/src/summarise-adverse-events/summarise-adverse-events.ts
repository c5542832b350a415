import { AdverseEventState, Causality } from '@vigil/contracts';
import { AeBreakdown, aeIncidence } from '@vigil/safety-domain';

/** One current AE (highest report version, not nullified) with its subject, and the arm when asked for. */
export interface CurrentAe {
  subjectId: string;
  ae: AdverseEventState;
  arm?: string | null;
}

export interface AeSummaryBody extends AeBreakdown {
  relatedThreshold: Causality;
  byArm?: Record<string, AeBreakdown>;
}

export const NO_ARM = 'Unassigned';

export interface SummaryOptions {
  relatedThreshold: Causality;
  /** Subjects per arm (arm null when not recorded): the denominators. */
  enrolled: { arm: string | null; subjects: number }[];
  /** Only for the DSMB: never computed for anyone else. */
  byArm: boolean;
}

/**
 * SPEC §5 summary: AE counts by SOC → PT × worst grade × relatedness, optionally per arm. Pure.
 * SOC is MedDRA's or "Uncoded"; PT is MedDRA's or the verbatim term. SOCs and PTs are sorted by name
 * (Uncoded last), so the table reads like a MedDRA listing and two calls give the same order.
 */
export function summariseAdverseEvents(aes: CurrentAe[], options: SummaryOptions): AeSummaryBody {
  const total = options.enrolled.reduce((sum, e) => sum + e.subjects, 0);
  const body: AeSummaryBody = { relatedThreshold: options.relatedThreshold, ...aeIncidence(aes, total, options.relatedThreshold) };
  if (!options.byArm) return body;
  const arms = new Set([...options.enrolled.map((e) => e.arm ?? NO_ARM), ...aes.map((a) => a.arm ?? NO_ARM)]);
  body.byArm = Object.fromEntries(
    [...arms].sort(byName).map((arm) => {
      const enrolled = options.enrolled.filter((e) => (e.arm ?? NO_ARM) === arm).reduce((sum, e) => sum + e.subjects, 0);
      return [
        arm,
        aeIncidence(
          aes.filter((a) => (a.arm ?? NO_ARM) === arm),
          enrolled,
          options.relatedThreshold,
        ),
      ];
    }),
  );
  return body;
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en');
