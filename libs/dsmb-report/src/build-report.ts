import { AdverseEventState, Alert, Causality, LabResult } from '@vigil/contracts';
import {
  AlertEvent,
  ALERT_EVENT_TYPES,
  assessHysLaw,
  evolveAlert,
  gradeLab,
  PROTOCOL_DEFAULTS,
  Protocol,
  sponsorAlert,
  sponsorComment,
  subjectsQualifyingForStoppingRule,
  trialRulesFromProtocol,
} from '@vigil/safety-domain';
import { aeTable, AeTable, ReportAe } from './ae-tables';
import { ReportEvent, ReportRequest } from './report-events';

/**
 * Everything the report shows, computed from the trial's stored events at (cut-off, position). Pure.
 * The open version is built from an allowlist: arm-bearing fields are only ever filled for `closed`,
 * alerts go through the domain's `sponsorAlert` (no DSMB comments, no protocol-blinded evidence).
 */
export interface ReportModel {
  request: ReportRequest;
  trialTitle?: string;
  relatedThreshold: Causality;
  enrolment: EnrolmentRow[];
  /** The whole trial, then (closed only) one table per arm. */
  aeTables: { arm?: string; table: AeTable }[];
  saes: AeListingRow[];
  deaths: AeListingRow[];
  labAbnormalities: LabRow[];
  hysLaw: HysLawRow[];
  visitDeviations: DeviationRow[];
  stoppingRules: StoppingRuleRow[];
  alerts: AlertRow[];
  changes: ChangeRow[];
  /** What "changes" compares with: an earlier issue's position, or data recorded after the cut-off. */
  changesBasis: { previousPosition: string } | { recordedAfterCutoff: true };
}

export interface EnrolmentRow {
  /** Absent: the whole trial (and the only row of the open version). */
  arm?: string;
  enrolled: number;
  treated: number;
  withdrawn: number;
  visitsCompleted: number;
  /** Days from first treatment to the last completed visit, summed over treated subjects. */
  followUpDays: number;
}

export interface AeListingRow {
  subjectId: string;
  arm?: string;
  aeId: string;
  version: number;
  term: string;
  pt: string;
  soc: string;
  onsetDate: string;
  grade: number;
  seriousCriteria: string[];
  causality: string;
  outcome: string;
}

export interface LabRow {
  subjectId: string;
  arm?: string;
  visitCode: string;
  visitDate: string;
  test: string;
  grade: number;
  basis: string;
}

export interface HysLawRow {
  subjectId: string;
  arm?: string;
  visitCode: string;
  visitDate: string;
  basis: string;
}

export interface DeviationRow {
  subjectId: string;
  visitCode: string;
  reason: string;
  detail: string;
  status: string;
}

export interface StoppingRuleRow {
  ruleId: string;
  description: string;
  threshold: number;
  /** Distinct subjects with a current AE that matches the rule (the rules' own matcher), below the threshold too. */
  count: number;
  status: string;
  recommendation?: string;
}

export interface AlertRow {
  alertId: string;
  kind: string;
  subjectId?: string;
  title: string;
  severity: string;
  status: string;
  raisedAt: string;
  history: { change: string; at: string; by?: string; role?: string; comment?: string }[];
}

export interface ChangeRow {
  globalPosition: string;
  eventTime: string;
  recordedAt: string;
  subjectId?: string;
  type: string;
  description: string;
}

interface SubjectFacts {
  arm?: string;
  enrolled: boolean;
  treatedOn?: string;
  withdrawn: boolean;
  visits: Map<string, { visitDate: string; labs: LabResult[] }>;
}

const FATAL = (ae: AdverseEventState) => ae.outcome === 'fatal' || ae.grade === 5 || ae.seriousCriteria.includes('death');
const ALERT_TYPES = new Set(ALERT_EVENT_TYPES);

export function buildReport(
  events: readonly ReportEvent[],
  request: ReportRequest,
  protocol: Protocol | undefined,
  blindedFields: ReadonlySet<string>,
): ReportModel {
  const closed = request.version === 'closed';
  const included = events.filter(
    (e) => compareTimes(e.eventTime, request.cutoff) <= 0 && BigInt(e.globalPosition) <= BigInt(request.position),
  );
  const subjects = new Map<string, SubjectFacts>();
  const subject = (id: string): SubjectFacts => {
    const known = subjects.get(id) ?? { enrolled: false, withdrawn: false, visits: new Map() };
    subjects.set(id, known);
    return known;
  };
  const aes = new Map<string, { subjectId: string; ae?: AdverseEventState; nullified: boolean }>();
  const alertEvents: ReportEvent[] = [];

  for (const event of included) {
    const d = event.data;
    const s = event.subjectId ?? '';
    switch (event.type) {
      case 'subject.enrolled': {
        const facts = subject(s);
        facts.enrolled = true;
        // The arm is read for the closed version only: the open one never holds it.
        if (closed && typeof d.arm === 'string') facts.arm = d.arm;
        break;
      }
      case 'treatment.administered': {
        const facts = subject(s);
        const on = String(d.administeredOn);
        if (!facts.treatedOn || on < facts.treatedOn) facts.treatedOn = on;
        break;
      }
      case 'subject.withdrawn':
        subject(s).withdrawn = true;
        break;
      case 'visit.completed':
        // A visit sent again (a correction) replaces the earlier one.
        subject(s).visits.set(String(d.visitCode), { visitDate: String(d.visitDate), labs: (d.labs as LabResult[] | undefined) ?? [] });
        break;
      case 'adverse-event.reported':
      case 'adverse-event.updated': {
        const state = d as unknown as AdverseEventState;
        const known = aes.get(state.aeId) ?? { subjectId: s, nullified: false };
        if (!known.ae || state.version >= known.ae.version) known.ae = state;
        aes.set(state.aeId, known);
        break;
      }
      case 'adverse-event.nullified': {
        const id = String(d.aeId);
        aes.set(id, { ...(aes.get(id) ?? { subjectId: s }), nullified: true });
        break;
      }
      default:
        if (ALERT_TYPES.has(event.type)) alertEvents.push(event);
    }
  }

  const armOf = (subjectId: string) => (closed ? (subjects.get(subjectId)?.arm ?? 'Unassigned') : undefined);
  const withArm = <T extends object>(subjectId: string, row: T): T & { arm?: string } => (closed ? { ...row, arm: armOf(subjectId) } : row);
  const threshold = protocol?.related.causalityThreshold ?? PROTOCOL_DEFAULTS.causalityThreshold;
  const current: ReportAe[] = [...aes.values()]
    .filter((a): a is { subjectId: string; ae: AdverseEventState; nullified: false } => !!a.ae && !a.nullified)
    .map(({ subjectId, ae }) => ({ subjectId, ae }))
    .sort((a, b) => compare(a.subjectId, b.subjectId) || compare(a.ae.onsetDate, b.ae.onsetDate) || compare(a.ae.aeId, b.ae.aeId));
  const enrolledIds = [...subjects.keys()].filter((id) => subjects.get(id)!.enrolled).sort(compare);

  const arms = closed ? [...new Set([...enrolledIds, ...current.map((a) => a.subjectId)].map((id) => armOf(id)!))].sort(compare) : [];
  const enrolment = [
    enrolmentRow(enrolledIds, subjects),
    ...arms.map((arm) => ({
      ...enrolmentRow(
        enrolledIds.filter((id) => armOf(id) === arm),
        subjects,
      ),
      arm,
    })),
  ];
  const aeTables = [
    { table: aeTable(current, enrolledIds.length, threshold) },
    ...arms.map((arm) => ({
      arm,
      table: aeTable(
        current.filter((a) => armOf(a.subjectId) === arm),
        enrolledIds.filter((id) => armOf(id) === arm).length,
        threshold,
      ),
    })),
  ];
  const listing = (a: ReportAe): AeListingRow =>
    withArm(a.subjectId, {
      subjectId: a.subjectId,
      aeId: a.ae.aeId,
      version: a.ae.version,
      term: a.ae.term,
      pt: a.ae.meddra?.pt ?? '',
      soc: a.ae.meddra?.soc ?? '',
      onsetDate: a.ae.onsetDate,
      grade: a.ae.grade,
      seriousCriteria: [...a.ae.seriousCriteria],
      causality: a.ae.causality,
      outcome: a.ae.outcome,
    });

  const labAbnormalities: LabRow[] = [];
  const hysLaw: HysLawRow[] = [];
  for (const id of [...subjects.keys()].sort(compare)) {
    const visits = [...subjects.get(id)!.visits.entries()].sort((a, b) => compare(a[1].visitDate, b[1].visitDate) || compare(a[0], b[0]));
    for (const [visitCode, visit] of visits) {
      for (const lab of visit.labs) {
        const graded = gradeLab(lab);
        if (graded && graded.grade >= 3)
          labAbnormalities.push(
            withArm(id, {
              subjectId: id,
              visitCode,
              visitDate: visit.visitDate,
              test: graded.test,
              grade: graded.grade,
              basis: graded.basis,
            }),
          );
      }
      const finding = assessHysLaw(visit.labs);
      if (finding) hysLaw.push(withArm(id, { subjectId: id, visitCode, visitDate: visit.visitDate, basis: finding.basis }));
    }
  }

  const alerts = replayAlerts(alertEvents).map((alert) => (closed ? alert : sponsorAlert(alert, blindedFields)));
  return {
    request,
    ...(protocol?.title ? { trialTitle: protocol.title } : {}),
    relatedThreshold: threshold,
    enrolment,
    aeTables,
    saes: current.filter((a) => a.ae.serious || a.ae.seriousCriteria.length > 0).map(listing),
    deaths: current.filter((a) => FATAL(a.ae)).map(listing),
    labAbnormalities,
    hysLaw,
    visitDeviations: alerts.filter((a) => a.kind === 'visit-deviation').map(deviationRow),
    stoppingRules: protocol
      ? stoppingRuleRows(
          protocol,
          current.map((a) => ({ ...a, treatedOn: subjects.get(a.subjectId)?.treatedOn })),
          alerts,
        )
      : [],
    alerts: alerts.map((alert) => alertRow(alert, closed)),
    changes: changes(included, request, closed),
    changesBasis: request.previousPosition !== undefined ? { previousPosition: request.previousPosition } : { recordedAfterCutoff: true },
  };
}

function enrolmentRow(ids: readonly string[], subjects: Map<string, SubjectFacts>): EnrolmentRow {
  const facts = ids.map((id) => subjects.get(id)!);
  return {
    enrolled: facts.length,
    treated: facts.filter((f) => f.treatedOn).length,
    withdrawn: facts.filter((f) => f.withdrawn).length,
    visitsCompleted: facts.reduce((sum, f) => sum + f.visits.size, 0),
    followUpDays: facts.reduce((sum, f) => sum + followUpDays(f), 0),
  };
}

function followUpDays(facts: SubjectFacts): number {
  if (!facts.treatedOn) return 0;
  const last = [...facts.visits.values()]
    .map((v) => v.visitDate)
    .sort(compare)
    .pop();
  if (!last || last < facts.treatedOn) return 0;
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${facts.treatedOn}T00:00:00Z`)) / 86_400_000);
}

/** Each alert as it stood at the cut-off: its events folded in stream order with the domain's lifecycle. */
function replayAlerts(events: readonly ReportEvent[]): Alert[] {
  const byStream = new Map<string, ReportEvent[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  const alerts: Alert[] = [];
  for (const stream of byStream.values()) {
    let alert: Alert | undefined;
    for (const e of stream.sort((a, b) => a.streamPosition - b.streamPosition))
      alert = evolveAlert(alert, { type: e.type, data: e.data } as unknown as AlertEvent, e.streamPosition);
    if (alert) alerts.push(alert);
  }
  return alerts.sort((a, b) => compare(a.raisedAt, b.raisedAt) || compare(a.alertId, b.alertId));
}

function deviationRow(alert: Alert): DeviationRow {
  const e = alert.evidence;
  const window = e.window as { earliestDay?: number; latestDay?: number } | undefined;
  const detail = [
    e.visitDate !== undefined ? `visit date ${String(e.visitDate)}` : '',
    e.actualDay !== undefined ? `study day ${String(e.actualDay)}` : '',
    window ? `window day ${String(window.earliestDay)} to ${String(window.latestDay)}` : '',
  ].filter(Boolean);
  return {
    subjectId: alert.subjectId ?? '',
    visitCode: alert.visitCode ?? '',
    reason: typeof e.reason === 'string' ? e.reason : alert.reasons.join(', '),
    detail: detail.join('; '),
    status: alert.status,
  };
}

/** Each rule's qualifying subjects at the cut-off, counted with the rules' own matcher, and its alert if raised. */
function stoppingRuleRows(
  protocol: Protocol,
  aes: readonly { subjectId: string; ae: AdverseEventState; treatedOn?: string }[],
  alerts: readonly Alert[],
): StoppingRuleRow[] {
  const settings = trialRulesFromProtocol(protocol).adverseEvents;
  return protocol.stoppingRules.map((rule) => {
    const alert = alerts.find((a) => a.kind === 'stopping-rule' && a.evidence.ruleId === rule.id);
    const count = subjectsQualifyingForStoppingRule(aes, rule.match, settings).size;
    return {
      ruleId: rule.id,
      description: rule.description,
      threshold: rule.threshold,
      count,
      status: alert ? `reached: alert ${alert.status}` : `below threshold (${count} of ${rule.threshold})`,
      ...(typeof alert?.evidence.recommendation === 'string' ? { recommendation: alert.evidence.recommendation } : {}),
    };
  });
}

function alertRow(alert: Alert, closed: boolean): AlertRow {
  return {
    alertId: alert.alertId,
    kind: alert.kind,
    ...(alert.subjectId ? { subjectId: alert.subjectId } : {}),
    title: alert.title,
    severity: alert.severity,
    status: alert.status,
    raisedAt: alert.raisedAt,
    history: alert.history.map((h) => {
      // Open version: the alert is already the sponsor's view; its comments are the ones sponsors may read.
      const comment = closed ? h.comment : sponsorComment(h);
      return {
        change: h.change,
        at: h.at,
        ...(h.by ? { by: h.by } : {}),
        ...(h.role ? { role: h.role } : {}),
        ...(comment ? { comment } : {}),
      };
    }),
  };
}

/**
 * "What changed": events dated at or before the cut-off that were recorded after the earlier issue's
 * position, or (without one) recorded after the cut-off itself, i.e. data that arrived late.
 */
function changes(included: readonly ReportEvent[], request: ReportRequest, closed: boolean): ChangeRow[] {
  const late = included.filter((e) =>
    request.previousPosition !== undefined
      ? BigInt(e.globalPosition) > BigInt(request.previousPosition)
      : compareTimes(e.recordedAt, request.cutoff) > 0,
  );
  return late.map((e) => ({
    globalPosition: e.globalPosition,
    eventTime: e.eventTime,
    recordedAt: e.recordedAt,
    ...(e.subjectId ? { subjectId: e.subjectId } : {}),
    type: e.type,
    description: describe(e, closed),
  }));
}

/** A line per event, from listed fields only (never the arm or the treatment, in either version). */
function describe(e: ReportEvent, closed: boolean): string {
  const d = e.data;
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  switch (e.type) {
    case 'subject.enrolled':
      return `enrolled on ${str(d.enrolledOn)}`;
    case 'treatment.administered':
      return `treated on ${str(d.administeredOn)}`;
    case 'visit.completed':
      return `visit ${str(d.visitCode)} on ${str(d.visitDate)}`;
    case 'visit.missed':
      return `visit ${str(d.visitCode)} missed`;
    case 'subject.withdrawn':
      return `withdrawn on ${str(d.withdrawnOn)}`;
    case 'adverse-event.reported':
    case 'adverse-event.updated':
      return `AE ${str(d.aeId)} v${str(d.version)}: ${str(d.term)}, grade ${str(d.grade)}${d.serious ? ', serious' : ''}`;
    case 'adverse-event.nullified':
      return `AE ${str(d.aeId)} nullified`;
    case 'alert.acknowledged':
    case 'alert.closed':
      return `alert ${str(d.alertId)} ${e.type.slice('alert.'.length)} by ${str(d.by)} (${str(d.role)})${closed && d.comment ? `: ${str(d.comment)}` : ''}`;
    default: {
      const view = d.view as { title?: unknown; alertId?: unknown } | undefined;
      return view ? `alert ${str(view.alertId)}: ${str(view.title)}` : e.type;
    }
  }
}

/**
 * Orders two UTC ISO times as the store writes them (`…SS.mmmZ`, or microseconds, or a five-digit year) without
 * Date, which would lose microseconds and years past 9999.
 */
export function compareTimes(a: string, b: string): number {
  const split = (t: string): [string, string] => {
    const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(t);
    return m ? [m[1], (m[2] ?? '').padEnd(9, '0')] : [t, ''];
  };
  const [[wa, fa], [wb, fb]] = [split(a), split(b)];
  return wa.length - wb.length || compare(wa, wb) || compare(fa, fb);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
