/** Alert shape shared by the store, the API and the notification feed (SPEC §4, §5). */
export const ALERT_KINDS = [
  'adverse-event',
  'lab-abnormality',
  'hys-law',
  'vital-sign',
  'visit-deviation',
  'stopping-rule',
  'configuration',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const AE_ALERT_REASONS = ['SERIOUS', 'FATAL', 'SUSAR', 'RELATED', 'SEVERE', 'AESI'] as const;
export type AeAlertReason = (typeof AE_ALERT_REASONS)[number];

/** Ordered from least to most severe. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'closed', 'withdrawn'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_CHANGE_TYPES = [
  'alert.raised',
  'alert.escalated',
  'alert.downgraded',
  'alert.acknowledged',
  'alert.closed',
  'alert.withdrawn',
] as const;
export type AlertChangeType = (typeof ALERT_CHANGE_TYPES)[number];

/** History also records `alert.updated`: facts that changed without escalating or downgrading (not notified). */
export type AlertHistoryChange = AlertChangeType | 'alert.updated';

export interface AlertHistoryEntry {
  change: AlertHistoryChange;
  at: string;
  version: number;
  status: AlertStatus;
  severity: Severity;
  reasons: string[];
  by?: string;
  /** The role of `by` (dsmb, safety-officer): decides whether sponsors read the comment (SPEC §5). */
  role?: string;
  comment?: string;
  /** The input event that caused a rule-driven change. */
  causedBy?: string;
  /**
   * `alert.updated` only: consecutive updates (e.g. a stopping rule's count rising subject by subject) share
   * one entry: how many it stands for, and the first of them (`at` and `version` are the latest's).
   */
  updates?: number;
  from?: { at: string; version: number };
}

export interface Alert {
  alertId: string;
  trialId: string;
  kind: AlertKind;
  subjectId?: string;
  aeId?: string;
  visitCode?: string;
  reasons: string[];
  severity: Severity;
  status: AlertStatus;
  title: string;
  raisedAt: string;
  updatedAt: string;
  dueBy?: string;
  evidence: Record<string, unknown>;
  version: number;
  history: AlertHistoryEntry[];
}
