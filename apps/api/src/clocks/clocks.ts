import { Alert, AlertKind, AlertStatus, Severity } from '@vigil/contracts';

export interface Clock {
  alertId: string;
  subjectId?: string;
  kind: AlertKind;
  severity: Severity;
  status: AlertStatus;
  title: string;
  dueBy: string;
  overdue: boolean;
}

export interface Clocks {
  /** The moment the answer is for (ISO): asOf, else the server's time. */
  now: string;
  items: Clock[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The reporting clocks to watch: open or acknowledged alerts whose `dueBy` falls before `now` + 24 h (those
 * already past it are overdue), soonest first. Pure.
 */
export function clocksDue(alerts: Alert[], now: string): Clocks {
  const nowMs = Date.parse(now);
  const items = alerts
    .filter((a): a is Alert & { dueBy: string } => (a.status === 'open' || a.status === 'acknowledged') && a.dueBy !== undefined)
    .filter((a) => Date.parse(a.dueBy) < nowMs + DAY_MS)
    .sort((a, b) => Date.parse(a.dueBy) - Date.parse(b.dueBy) || (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0))
    .map((a) => ({
      alertId: a.alertId,
      ...(a.subjectId ? { subjectId: a.subjectId } : {}),
      kind: a.kind,
      severity: a.severity,
      status: a.status,
      title: a.title,
      dueBy: a.dueBy,
      overdue: Date.parse(a.dueBy) < nowMs,
    }));
  return { now, items };
}
