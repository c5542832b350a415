import { Alert } from '@vigil/contracts';

export interface AlertRow {
  alertId: string;
  trialId: string;
  kind: Alert['kind'];
  subjectId: string | null;
  aeId: string | null;
  visitCode: string | null;
  status: Alert['status'];
  severity: Alert['severity'];
  reasons: string[];
  title: string;
  raisedAt: string;
  updatedAt: string;
  dueBy: string | null;
  evidence: Record<string, unknown>;
  version: number;
  history: Alert['history'];
  listPosition: string;
}

const iso = (column: string, alias: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "${alias}"`;

export const ALERT_ROW_COLUMNS = [
  'alert_id as "alertId"',
  'trial_id as "trialId"',
  'kind',
  'subject_id as "subjectId"',
  'ae_id as "aeId"',
  'visit_code as "visitCode"',
  'status',
  'severity',
  'reasons',
  'title',
  iso('raised_at', 'raisedAt'),
  iso('updated_at', 'updatedAt'),
  iso('due_by', 'dueBy'),
  'evidence',
  'version',
  'history',
  'list_position::text as "listPosition"',
].join(', ');

export function fromAlertRow(row: AlertRow): Alert {
  return {
    alertId: row.alertId,
    trialId: row.trialId,
    kind: row.kind,
    ...(row.subjectId ? { subjectId: row.subjectId } : {}),
    ...(row.aeId ? { aeId: row.aeId } : {}),
    ...(row.visitCode ? { visitCode: row.visitCode } : {}),
    reasons: row.reasons,
    severity: row.severity,
    status: row.status,
    title: row.title,
    raisedAt: row.raisedAt,
    updatedAt: row.updatedAt,
    ...(row.dueBy ? { dueBy: row.dueBy } : {}),
    evidence: row.evidence,
    version: row.version,
    history: row.history,
  };
}

export function toAlertRowValues(alert: Alert, listPosition: string): Record<string, unknown> {
  return {
    alert_id: alert.alertId,
    trial_id: alert.trialId,
    kind: alert.kind,
    subject_id: alert.subjectId ?? null,
    ae_id: alert.aeId ?? null,
    visit_code: alert.visitCode ?? null,
    status: alert.status,
    severity: alert.severity,
    reasons: alert.reasons,
    title: alert.title,
    raised_at: alert.raisedAt,
    updated_at: alert.updatedAt,
    due_by: alert.dueBy ?? null,
    evidence: alert.evidence,
    version: alert.version,
    history: alert.history,
    list_position: listPosition,
  };
}
