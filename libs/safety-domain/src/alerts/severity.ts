import { Severity, SEVERITIES } from '@vigil/contracts';

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(...severities: Severity[]): Severity {
  return severities.reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a), 'low');
}
