import { Severity, SEVERITIES } from '@vigil/contracts';

export type SeverityCounts = Record<Severity, number>;

/** One line of `GET /api/trials`. */
export interface TrialOverview {
  trialId: string;
  /** Subjects with lifecycle data (enrolment, treatment or withdrawal). */
  subjects: number;
  openAlerts: SeverityCounts;
  /** Seen but not closed: a DSMB wants to know what is still on the table, not only what is new. */
  acknowledgedAlerts: SeverityCounts;
}

/** What the counting query returns: one row per trial and fact, so a trial with any data is listed. */
export type TrialCountRow =
  | { trialId: string; what: 'subjects'; n: number }
  | { trialId: string; what: 'alerts'; status: string; severity: string; n: number }
  | { trialId: string; what: 'aes'; n: number };

const zero = (): SeverityCounts => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;

/** Rows → one overview per trial, sorted by trial id. Pure. */
export function toTrialOverviews(rows: TrialCountRow[]): TrialOverview[] {
  const byTrial = new Map<string, TrialOverview>();
  for (const row of rows) {
    let trial = byTrial.get(row.trialId);
    if (!trial) {
      trial = { trialId: row.trialId, subjects: 0, openAlerts: zero(), acknowledgedAlerts: zero() };
      byTrial.set(row.trialId, trial);
    }
    if (row.what === 'subjects') trial.subjects += row.n;
    if (row.what === 'alerts' && (SEVERITIES as readonly string[]).includes(row.severity)) {
      const severity = row.severity as Severity;
      if (row.status === 'open') trial.openAlerts[severity] += row.n;
      if (row.status === 'acknowledged') trial.acknowledgedAlerts[severity] += row.n;
    }
  }
  return [...byTrial.values()].sort((a, b) => (a.trialId < b.trialId ? -1 : a.trialId > b.trialId ? 1 : 0));
}
