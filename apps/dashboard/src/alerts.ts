export interface AlertHistoryEntry {
  change: string;
  at: string;
  version: number;
  status: string;
  severity: string;
  reasons?: string[];
  by?: string;
  role?: string;
  comment?: string;
  causedBy?: string;
}

export interface Alert {
  alertId: string;
  trialId: string;
  kind: string;
  subjectId?: string;
  aeId?: string;
  visitCode?: string;
  reasons: string[];
  severity: string;
  status: string;
  title: string;
  raisedAt: string;
  updatedAt: string;
  dueBy?: string;
  evidence?: Record<string, unknown>;
  version: number;
  history?: AlertHistoryEntry[];
}

export const ALERT_KINDS = [
  'adverse-event',
  'lab-abnormality',
  'hys-law',
  'vital-sign',
  'visit-deviation',
  'stopping-rule',
  'configuration',
] as const;
export const ALERT_STATUSES = ['open', 'acknowledged', 'closed', 'withdrawn'] as const;
