import { AdverseEventNullified, AdverseEventState, Alert } from '@vigil/contracts';
import { daysBetween } from '@vigil/safety-domain';

/** A `timeline_entries` row as read (times in UTC ISO, dates `YYYY-MM-DD`). */
export interface TimelineEntryRow {
  eventId: string;
  globalPosition: string;
  type: string;
  time: string;
  occurredOn: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored event data; which fields it has depends on `type`
  data: Record<string, any>;
}

export interface TimelineEntry {
  /** Days from the first treatment (protocol convention: the treatment day is day 0); null when unknown. */
  studyDay: number | null;
  /** The calendar date the entry is about; null for a missed visit or a nullification (no date in the event). */
  date: string | null;
  /** When it was recorded: the CloudEvent time, or the alert's raisedAt. */
  time: string;
  kind: 'enrolment' | 'treatment' | 'visit' | 'missed-visit' | 'adverse-event' | 'nullification' | 'withdrawal' | 'alert';
  [detail: string]: unknown;
}

export interface SubjectTimeline {
  trialId: string;
  subjectId: string;
  enrolledOn: string | null;
  treatedOn: string | null;
  withdrawnOn: string | null;
  arm: string | null;
  entries: TimelineEntry[];
}

/**
 * The subject's story from its timeline entries and alerts (both already cut at asOf). The header is derived
 * from the same entries with the subjects projection's rules (last enrolment, first treatment, last
 * withdrawal, in store order), so header and entries always agree, also as of a past moment.
 */
export function buildTimeline(trialId: string, subjectId: string, rows: TimelineEntryRow[], alerts: Alert[]): SubjectTimeline {
  const ordered = [...rows].sort((a, b) => comparePositions(BigInt(a.globalPosition), BigInt(b.globalPosition)));
  const header: Pick<SubjectTimeline, 'enrolledOn' | 'treatedOn' | 'withdrawnOn' | 'arm'> = {
    enrolledOn: null,
    treatedOn: null,
    withdrawnOn: null,
    arm: null,
  };
  for (const row of ordered) {
    if (row.type === 'subject.enrolled') Object.assign(header, { enrolledOn: row.data.enrolledOn, arm: row.data.arm ?? null });
    if (row.type === 'treatment.administered') header.treatedOn ??= row.data.administeredOn;
    if (row.type === 'subject.withdrawn') header.withdrawnOn = row.data.withdrawnOn;
  }
  const isAeReport = (r: TimelineEntryRow) => r.type === 'adverse-event.reported' || r.type === 'adverse-event.updated';
  const current = {
    visits: latestBy(
      ordered.filter((r) => r.type === 'visit.completed'),
      (r) => r.data.visitCode,
      (a, b) => Date.parse(a.time) - Date.parse(b.time),
    ),
    aes: latestBy(
      ordered.filter(isAeReport),
      (r) => r.data.aeId,
      (a, b) => a.data.version - b.data.version,
    ),
  };
  const day = (date: string | null) => (date && header.treatedOn ? daysBetween(header.treatedOn, date) : null);

  const placed = [
    ...ordered.map((row) => ({
      position: BigInt(row.globalPosition) as bigint | null,
      entry: { studyDay: day(row.occurredOn), date: row.occurredOn, time: row.time, ...details(row, current) } as TimelineEntry,
    })),
    ...alerts.map((alert) => ({ position: null, entry: alertEntry(alert, day) })),
  ];
  placed.sort(
    (a, b) =>
      compareEntries(a.entry, b.entry) || comparePositions(a.position, b.position) || cmp(String(a.entry.alertId), String(b.entry.alertId)),
  );
  return { trialId, subjectId, ...header, entries: placed.map((p) => p.entry) };
}

type Current = { visits: Set<TimelineEntryRow>; aes: Set<TimelineEntryRow> };

function details(row: TimelineEntryRow, current: Current): Omit<TimelineEntry, 'studyDay' | 'date' | 'time'> {
  const d = row.data;
  const eventId = row.eventId;
  switch (row.type) {
    case 'subject.enrolled':
      // The arm is in the header, not repeated here.
      return { kind: 'enrolment', eventId, siteId: d.siteId, ...pick(d, ['sex', 'ageYears']) };
    case 'treatment.administered':
      return { kind: 'treatment', eventId, product: d.product, ...pick(d, ['dose', 'route', 'sites']) };
    case 'visit.completed':
      // A second record of a visit is a correction (the later time wins): both are shown, the replaced one marked.
      return {
        kind: 'visit',
        eventId,
        visitCode: d.visitCode,
        visitDate: d.visitDate,
        current: current.visits.has(row),
        ...pick(d, ['assessments', 'vitals', 'labs']),
      };
    case 'visit.missed':
      return { kind: 'missed-visit', eventId, visitCode: d.visitCode, ...pick(d, ['reason']) };
    case 'adverse-event.reported':
    case 'adverse-event.updated': {
      const ae = d as AdverseEventState;
      return {
        kind: 'adverse-event',
        eventId,
        aeId: ae.aeId,
        version: ae.version,
        current: current.aes.has(row),
        term: ae.term,
        ...(ae.meddra?.pt ? { pt: ae.meddra.pt } : {}),
        grade: ae.grade,
        serious: ae.serious,
        seriousCriteria: ae.seriousCriteria,
        causality: ae.causality,
        ...pick(ae, ['sponsorCausality']),
        expectedness: ae.expectedness,
        outcome: ae.outcome,
        onsetDate: ae.onsetDate,
        endDate: ae.endDate ?? null,
      };
    }
    case 'adverse-event.nullified': {
      const n = d as AdverseEventNullified;
      return { kind: 'nullification', eventId, aeId: n.aeId, version: n.version, reason: n.reason };
    }
    case 'subject.withdrawn':
      return { kind: 'withdrawal', eventId, ...pick(d, ['reason']) };
    default:
      return { kind: row.type as TimelineEntry['kind'], eventId };
  }
}

/** Placed at raisedAt in UTC (alert_versions keep the time as the input gave it, possibly with an offset). */
function alertEntry(alert: Alert, day: (date: string) => number | null): TimelineEntry {
  const raisedAt = new Date(alert.raisedAt).toISOString();
  return {
    studyDay: day(raisedAt.slice(0, 10)),
    date: raisedAt.slice(0, 10),
    time: raisedAt,
    kind: 'alert',
    alertId: alert.alertId,
    alertKind: alert.kind,
    title: alert.title,
    severity: alert.severity,
    reasons: alert.reasons,
    status: alert.status,
    raisedAt,
    ...pick(alert, ['aeId', 'visitCode', 'dueBy']),
  };
}

/**
 * Study-day order is date order (one subject, one treatment date), which also orders subjects never treated.
 * An entry without a date (missed visit, nullification) is placed at the date it was recorded. Ties: by
 * recorded time, then store order, alerts after the event that raised them (same time, no position).
 */
function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return cmp(a.date ?? a.time.slice(0, 10), b.date ?? b.time.slice(0, 10)) || Date.parse(a.time) - Date.parse(b.time);
}

function comparePositions(a: bigint | null, b: bigint | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Per key, the greatest row by `compare` (store order breaks ties: the later one wins). */
function latestBy(
  rows: TimelineEntryRow[],
  key: (r: TimelineEntryRow) => string,
  compare: (a: TimelineEntryRow, b: TimelineEntryRow) => number,
): Set<TimelineEntryRow> {
  const best = new Map<string, TimelineEntryRow>();
  for (const row of rows) {
    const seen = best.get(key(row));
    if (!seen || compare(row, seen) >= 0) best.set(key(row), row);
  }
  return new Set(best.values());
}

function pick(source: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(
    keys.filter((k) => (source as Record<string, unknown>)[k] !== undefined).map((k) => [k, (source as Record<string, unknown>)[k]]),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
