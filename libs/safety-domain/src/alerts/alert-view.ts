import { Alert } from '@vigil/contracts';

/** What the rules want an alert to say now. Status, times and history belong to the alert's own lifecycle. */
export type AlertView = Pick<Alert, 'alertId' | 'trialId' | 'kind' | 'reasons' | 'severity' | 'title' | 'evidence'> &
  Partial<Pick<Alert, 'subjectId' | 'aeId' | 'visitCode' | 'dueBy'>>;

/** `alert.updated`: facts changed with no escalation or downgrade; stored and shown in history, not announced. */
export type RuleChangeType = 'alert.raised' | 'alert.escalated' | 'alert.downgraded' | 'alert.withdrawn' | 'alert.updated';

/** A rule-driven change: stored as an event on the alert's stream and announced to sponsors. */
export interface AlertDecision {
  change: RuleChangeType;
  view: AlertView;
  /** The `time` of the input event that caused it: replays give the same times. */
  at: string;
  causedBy: string;
  /** 1, 2, 3… announced changes per alert: with the alert id, the deterministic id of the change. */
  sequence: number;
  /** For `alert.updated`: 1, 2… since the last announced change (ids of their own, never shifting announced ones). */
  update?: number;
  /** Why a withdrawal happened, for people reading the history. */
  note?: string;
}
