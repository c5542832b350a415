import { AdverseEventState, Causality } from '@vigil/contracts';
import { isRelated } from '@vigil/safety-domain';

export const AE_GRADES = [1, 2, 3, 4, 5] as const;
export const UNCODED_SOC = 'Uncoded';

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

/** SOC/PT × worst grade × relatedness for a set of AEs. Pure; relatedness by the domain's `isRelated`. */
export function aeTable(aes: readonly ReportAe[], enrolled: number, threshold: Causality): AeTable {
  const socs = new Map<string, Map<string, ReportAe[]>>();
  for (const row of aes) {
    const soc = row.ae.meddra?.soc?.trim() || UNCODED_SOC;
    const pt = row.ae.meddra?.pt?.trim() || row.ae.term.trim();
    const pts = socs.get(soc) ?? new Map<string, ReportAe[]>();
    pts.set(pt, [...(pts.get(pt) ?? []), row]);
    socs.set(soc, pts);
  }
  const rows: AeTableRow[] = [];
  for (const soc of [...socs.keys()].sort(byName)) {
    const pts = socs.get(soc)!;
    rows.push(counts(soc, undefined, [...pts.values()].flat(), threshold));
    for (const pt of [...pts.keys()].sort(byName)) rows.push(counts(soc, pt, pts.get(pt)!, threshold));
  }
  return { enrolled, total: counts('All system organ classes', undefined, aes, threshold), rows };
}

function counts(soc: string, pt: string | undefined, aes: readonly ReportAe[], threshold: Causality): AeTableRow {
  const worst = new Map<string, number>();
  for (const { subjectId, ae } of aes) worst.set(subjectId, Math.max(worst.get(subjectId) ?? 0, ae.grade));
  const related = aes.filter(({ ae }) => isRelated(ae, threshold)).length;
  return {
    soc,
    ...(pt !== undefined ? { pt } : {}),
    subjects: worst.size,
    events: aes.length,
    worstGrade: AE_GRADES.map((g) => [...worst.values()].filter((w) => w === g).length),
    related,
    notRelated: aes.length - related,
    serious: aes.filter(({ ae }) => ae.serious).length,
  };
}

/** Name order, "Uncoded" last, independent of the machine's locale. */
function byName(a: string, b: string): number {
  if ((a === UNCODED_SOC) !== (b === UNCODED_SOC)) return a === UNCODED_SOC ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
