import { isDeepStrictEqual } from 'node:util';
import { severityRank } from './severity';
import { AlertView, RuleChangeType } from './alert-view';

/**
 * How the wanted view of an alert moved. A new reason (or a higher rank of a graded one), a higher
 * severity or a new or restarted regulatory clock escalates; losing any of those downgrades; nothing
 * wanted any more withdraws; other changed facts (evidence, a reason of equal rank) update. null = the same.
 */
export function classifyChange(previous: AlertView | undefined, next: AlertView | undefined): RuleChangeType | null {
  if (!previous && !next) return null;
  if (!previous) return 'alert.raised';
  if (!next) return 'alert.withdrawn';
  const { added, removed } = compareReasons(previous.reasons, next.reasons);
  const severityDelta = severityRank(next.severity) - severityRank(previous.severity);
  if (added || severityDelta > 0) return 'alert.escalated';
  if (removed || severityDelta < 0) return 'alert.downgraded';
  if (previous.dueBy !== next.dueBy) return next.dueBy ? 'alert.escalated' : 'alert.downgraded';
  return isDeepStrictEqual(previous, next) ? null : 'alert.updated';
}

/** Reasons that form a scale: a lab moving from grade 3 to grade 2 loses intensity, it gains no reason. */
const RANKED: { family: string; rank: (reason: string) => number | undefined }[] = [
  { family: 'CTCAE_GRADE', rank: (r) => (/^CTCAE_GRADE_(\d)$/.exec(r) ? Number(r.slice(-1)) : undefined) },
  { family: 'VISIT', rank: (r) => ({ OUT_OF_WINDOW: 1, OVERDUE: 2, MISSED: 2 })[r] },
];

function ranked(reasons: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const reason of reasons) {
    const scale = RANKED.find((s) => s.rank(reason) !== undefined);
    const family = scale?.family ?? reason;
    map.set(family, Math.max(map.get(family) ?? 0, scale?.rank(reason) ?? 0));
  }
  return map;
}

function compareReasons(previous: string[], next: string[]): { added: boolean; removed: boolean } {
  const [before, after] = [ranked(previous), ranked(next)];
  const added = [...after].some(([family, rank]) => !before.has(family) || rank > (before.get(family) as number));
  const removed = [...before].some(([family, rank]) => !after.has(family) || rank > (after.get(family) as number));
  return { added, removed };
}
