import { AdverseEventState, Causality } from '@vigil/contracts';
import { isRelated } from './ae-assessment';

/** One current AE (highest report version, not nullified) with its subject. */
export interface IncidentAe {
  subjectId: string;
  ae: AdverseEventState;
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
export const UNCODED_SOC = 'Uncoded';

/**
 * AE incidence: counts by SOC → PT × worst grade × relatedness × seriousness, over the AEs given (a trial, or one
 * arm of it) against `enrolledSubjects`. The API's AE summary and the DSMB report's AE tables are both this, so
 * they cannot disagree. SOC is MedDRA's or "Uncoded"; PT is MedDRA's or the verbatim term; SOCs and PTs sorted
 * by name (Uncoded last). Serious: the AE says so or names a seriousness criterion. Pure.
 */
export function aeIncidence(aes: readonly IncidentAe[], enrolledSubjects: number, threshold: Causality): AeBreakdown {
  type Group = { code?: string; aes: IncidentAe[] };
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

function count(aes: readonly IncidentAe[], threshold: Causality): AeCounts {
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
