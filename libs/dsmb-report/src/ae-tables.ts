import { AdverseEventState, Causality } from '@vigil/contracts';
import { AeCounts, aeIncidence, GRADES } from '@vigil/safety-domain';

export const AE_GRADES = GRADES;

/** One current AE (highest version, not nullified) with its subject. */
export interface ReportAe {
  subjectId: string;
  ae: AdverseEventState;
}

export interface AeTableRow {
  soc: string;
  /** Absent on the SOC's own row. */
  pt?: string;
  /** Distinct subjects with at least one of these AEs. */
  subjects: number;
  events: number;
  /** Subjects counted once at their worst grade among these AEs, grades 1–5. */
  worstGrade: number[];
  related: number;
  notRelated: number;
  serious: number;
}

export interface AeTable {
  /** The denominator: subjects enrolled by the cut-off. */
  enrolled: number;
  total: AeTableRow;
  /** SOC rows, each followed by its PT rows; SOCs and PTs by name, Uncoded last. */
  rows: AeTableRow[];
}

/**
 * SOC/PT × worst grade × relatedness for a set of AEs, as table rows: the domain's `aeIncidence`, the same
 * counts as the API's AE summary (GET …/summary). Pure.
 */
export function aeTable(aes: readonly ReportAe[], enrolled: number, threshold: Causality): AeTable {
  const incidence = aeIncidence(aes, enrolled, threshold);
  const { totals } = incidence;
  return {
    enrolled,
    total: row('All system organ classes', undefined, {
      events: totals.aes,
      subjects: totals.subjectsWithAe,
      byWorstGrade: totals.byWorstGrade,
      byRelatedness: totals.byRelatedness,
      serious: totals.serious,
    }),
    rows: incidence.socs.flatMap((soc) => [row(soc.soc, undefined, soc), ...soc.terms.map((term) => row(soc.soc, term.pt, term))]),
  };
}

function row(soc: string, pt: string | undefined, counts: AeCounts): AeTableRow {
  return {
    soc,
    ...(pt !== undefined ? { pt } : {}),
    subjects: counts.subjects,
    events: counts.events,
    worstGrade: GRADES.map((g) => counts.byWorstGrade[g]),
    related: counts.byRelatedness.related,
    notRelated: counts.byRelatedness.notRelated,
    serious: counts.serious,
  };
}
