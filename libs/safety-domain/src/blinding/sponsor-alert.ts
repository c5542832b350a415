import { AE_ALERT_REASONS, Alert, AlertHistoryEntry, AlertKind } from '@vigil/contracts';
import { BLINDABLE_FIELDS } from '../protocol/protocol';
import { project, Shape, values } from './allowlist';

/**
 * The alert as a sponsor may see it (SPEC §5): built from these lists, never by removing known keys. The
 * arm and the treatment (product, dose, route, sites) are in none of them; a stopping rule's subjects are
 * listed without the arm the DSMB sees. One function for the API, the stored feed and the Kafka topic.
 */
const EVIDENCE: Record<AlertKind, Shape> = {
  'adverse-event': {
    ...values('aeVersion', 'reportedIn', 'term', 'onsetDate', 'endDate', 'grade', 'seriousCriteria', 'causality'),
    ...values('sponsorCausality', 'expectedness', 'outcome', 'aesi', 'clock'),
    meddra: values('ptCode', 'pt', 'socCode', 'soc'),
    awareness: values(...AE_ALERT_REASONS),
  },
  'lab-abnormality': values(
    'test',
    'grade',
    'ctcaeVersion',
    'term',
    'basis',
    'timesUln',
    'value',
    'unit',
    'lln',
    'uln',
    'alertAtGrade',
    'visitDate',
    'reportedIn',
  ),
  'hys-law': values('altTimesUln', 'astTimesUln', 'biliTimesUln', 'alpTimesUln', 'basis', 'visitDate', 'reportedIn'),
  'vital-sign': values('vital', 'reason', 'label', 'value', 'threshold', 'visitDate', 'reportedIn'),
  'visit-deviation': {
    ...values('knownCodes', 'reason', 'actualDay', 'visitDate', 'treatedOn', 'lastDay'),
    window: values('nominalDay', 'earliestDay', 'latestDay'),
  },
  'stopping-rule': {
    ...values('ruleId', 'description', 'threshold', 'count', 'recommendation', 'subjectsNotListed', 'note'),
    subjects: [values('subjectId', 'aeIds')],
  },
  configuration: values('firstEvent', 'remedy'),
};

/** `comment` is not listed: whether a sponsor may read it depends on who wrote it (`sponsorComment`). */
const HISTORY_ENTRY: Shape = {
  ...values('change', 'at', 'version', 'status', 'severity', 'reasons', 'by', 'role', 'causedBy', 'updates'),
  from: values('at', 'version'),
};

const ALERT: Shape = values(
  'alertId',
  'trialId',
  'kind',
  'subjectId',
  'aeId',
  'visitCode',
  'reasons',
  'severity',
  'status',
  'title',
  'raisedAt',
  'updatedAt',
  'dueBy',
  'version',
);

const ALWAYS_BLINDED: ReadonlySet<string> = new Set(BLINDABLE_FIELDS);

/** Roles whose comments sponsors read. DSMB comments are never shown to sponsors (SPEC §5); sponsors cannot act. */
const ROLES_WITH_SPONSOR_VISIBLE_COMMENTS: ReadonlySet<string> = new Set(['safety-officer']);

/** `withheld`: the trial's protocol-declared blinded fields, kept out at any depth (none is listed above either). */
export function sponsorAlert(alert: Alert, withheld: ReadonlySet<string> = ALWAYS_BLINDED): Alert {
  const evidenceShape: Shape = EVIDENCE[alert.kind] ?? {};
  return {
    ...project(alert, ALERT, withheld),
    evidence: project(alert.evidence, evidenceShape, withheld),
    history: (alert.history ?? []).map(sponsorHistoryEntry),
  } as Alert;
}

/**
 * The action, who and when are always shown; a comment only when it is the rules' own note (no `by`) or a
 * person of a role listed above wrote it. An entry without a role (written before roles were recorded in
 * history) keeps its comment back: unknown is treated as DSMB.
 */
function sponsorHistoryEntry(entry: AlertHistoryEntry): AlertHistoryEntry {
  const visible = project(entry, HISTORY_ENTRY) as unknown as AlertHistoryEntry;
  const comment = sponsorComment(entry);
  return comment === undefined ? visible : { ...visible, comment };
}

export function sponsorComment(entry: AlertHistoryEntry): string | undefined {
  if (typeof entry.comment !== 'string') return undefined;
  if (entry.by === undefined) return entry.comment;
  return entry.role !== undefined && ROLES_WITH_SPONSOR_VISIBLE_COMMENTS.has(entry.role) ? entry.comment : undefined;
}
