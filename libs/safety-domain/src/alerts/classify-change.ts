import { severityRank } from './severity';
import { AlertView, RuleChangeType } from './alert-view';

/**
 * How the wanted view of an alert moved: a new reason, a higher severity or an earlier clock escalates;
 * losing reasons, severity or a clock downgrades; nothing wanted any more withdraws. null = no change
 * a person needs to hear about.
 */
export function classifyChange(previous: AlertView | undefined, next: AlertView | undefined): RuleChangeType | null {
  if (!previous && !next) return null;
  if (!previous) return 'alert.raised';
  if (!next) return 'alert.withdrawn';
  const added = next.reasons.some((r) => !previous.reasons.includes(r));
  const removed = previous.reasons.some((r) => !next.reasons.includes(r));
  const severityDelta = severityRank(next.severity) - severityRank(previous.severity);
  const clock = compareDue(previous.dueBy, next.dueBy);
  if (added || severityDelta > 0 || clock === 'earlier') return 'alert.escalated';
  if (removed || severityDelta < 0 || clock === 'later') return 'alert.downgraded';
  return null;
}

function compareDue(previous?: string, next?: string): 'same' | 'earlier' | 'later' {
  if (previous === next) return 'same';
  if (!previous) return 'earlier';
  if (!next) return 'later';
  return Date.parse(next) < Date.parse(previous) ? 'earlier' : 'later';
}
