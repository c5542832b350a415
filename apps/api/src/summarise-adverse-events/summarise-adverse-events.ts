import { AdverseEventState, Causality } from '@vigil/contracts';
import { isRelated } from '@vigil/safety-domain';

/** One current AE (highest report version, not nullified) with its subject, and the arm when asked for. */
export interface CurrentAe {
  subjectId: string;
  ae: AdverseEventState;
  arm?: string | null;
}

export const GRADES = ['1', '2', '3', '4', '5'] as const;
export type GradeCounts = Record<(typeof GRADES)[number], number>;

export interface AeCounts {
  /** Number of AEs. */
  events: number;
  /** Distinct subjects with at least one of these AEs. */
  subjects: number;
  /** Subjects, each counted once at their worst grade among these AEs. */
  byWorstGrade: GradeCounts;
  /** AEs: related when the investigator's or the sponsor's causality reaches the protocol threshold. */
  byRelatedness: { related: number; notRelated: number };
  /** Serious AEs. */
  serious: number;
}
export interface PtSummary extends AeCounts {
  pt: string;
  ptCode?: string;
}
export interface SocSummary extends AeCounts {
  soc: string;
  socCode?: string;
  terms: PtSummary[];
}
export interface AeBreakdown {
  /** Subjects with lifecycle data (the denominator). */
  enrolledSubjects: number;
  totals: { aes: number; subjectsWithAe: number; serious: number; byWorstGrade: GradeCounts; byRelatedness: AeCounts['byRelatedness'] };
  socs: SocSummary[];
}
export interface AeSummaryBody extends AeBreakdown {
  relatedThreshold: Causality;
  byArm?: Record<string, AeBreakdown>;
}

export const UNCODED_SOC = 'Uncoded';
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
  const body: AeSummaryBody = { relatedThreshold: options.relatedThreshold, ...breakdown(aes, total, options.relatedThreshold) };
  if (!options.byArm) return body;
  const arms = new Set([...options.enrolled.map((e) => e.arm ?? NO_ARM), ...aes.map((a) => a.arm ?? NO_ARM)]);
  body.byArm = Object.fromEntries(
    [...arms].sort(byName).map((arm) => {
      const enrolled = options.enrolled.filter((e) => (e.arm ?? NO_ARM) === arm).reduce((sum, e) => sum + e.subjects, 0);
      return [
        arm,
        breakdown(
          aes.filter((a) => (a.arm ?? NO_ARM) === arm),
          enrolled,
          options.relatedThreshold,
        ),
      ];
    }),
  );
  return body;
}

function breakdown(aes: CurrentAe[], enrolledSubjects: number, threshold: Causality): AeBreakdown {
  type Group = { code?: string; aes: CurrentAe[] };
  const socs = new Map<string, Group & { pts: Map<string, Group> }>();
  for (const row of aes) {
    const soc = row.ae.meddra?.soc?.trim() || UNCODED_SOC;
    const pt = row.ae.meddra?.pt?.trim() || row.ae.term.trim();
    const socGroup = socs.get(soc) ?? { aes: [], pts: new Map<string, Group>() };
    socGroup.code ??= row.ae.meddra?.socCode;
    socGroup.aes.push(row);
    const ptGroup: Group = socGroup.pts.get(pt) ?? { aes: [] };
    ptGroup.code ??= row.ae.meddra?.ptCode;
    ptGroup.aes.push(row);
    socGroup.pts.set(pt, ptGroup);
    socs.set(soc, socGroup);
  }
  const all = count(aes, threshold);
  return {
    enrolledSubjects,
    totals: {
      aes: all.events,
      subjectsWithAe: all.subjects,
      serious: all.serious,
      byWorstGrade: all.byWorstGrade,
      byRelatedness: all.byRelatedness,
    },
    socs: [...socs.entries()]
      .sort(([a], [b]) => bySocName(a, b))
      .map(([soc, group]) => ({
        soc,
        ...(group.code ? { socCode: group.code } : {}),
        ...count(group.aes, threshold),
        terms: [...group.pts.entries()]
          .sort(([a], [b]) => byName(a, b))
          .map(([pt, p]) => ({
            pt,
            ...(p.code ? { ptCode: p.code } : {}),
            ...count(p.aes, threshold),
          })),
      })),
  };
}

function count(aes: CurrentAe[], threshold: Causality): AeCounts {
  const worst = new Map<string, number>();
  let related = 0;
  let serious = 0;
  for (const { subjectId, ae } of aes) {
    worst.set(subjectId, Math.max(worst.get(subjectId) ?? 0, ae.grade));
    if (isRelated(ae, threshold)) related += 1;
    if (ae.seriousCriteria.length > 0 || ae.serious) serious += 1;
  }
  const byWorstGrade = Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeCounts;
  for (const grade of worst.values()) {
    const key = String(grade) as keyof GradeCounts;
    if (key in byWorstGrade) byWorstGrade[key] += 1;
  }
  return { events: aes.length, subjects: worst.size, byWorstGrade, byRelatedness: { related, notRelated: aes.length - related }, serious };
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en');
const bySocName = (a: string, b: string) => ((a === UNCODED_SOC) === (b === UNCODED_SOC) ? byName(a, b) : a === UNCODED_SOC ? 1 : -1);
