import { AlertView, RuleChangeType } from './alert-view';

/** Events on an alert's stream (`alert-<alertId>`): rule-driven changes and people's actions. */
export interface RuleChangeData {
  view: AlertView;
  at: string;
  causedBy: string;
  sequence: number;
  update?: number;
  note?: string;
}

export interface HumanActionData {
  alertId: string;
  by: string;
  role: string;
  comment: string;
  at: string;
}

export type HumanActionType = 'alert.acknowledged' | 'alert.closed';

export type AlertEvent = { type: RuleChangeType; data: RuleChangeData } | { type: HumanActionType; data: HumanActionData };

export const RULE_CHANGE_TYPES: readonly RuleChangeType[] = [
  'alert.raised',
  'alert.escalated',
  'alert.downgraded',
  'alert.withdrawn',
  'alert.updated',
];
export const HUMAN_ACTION_TYPES: readonly HumanActionType[] = ['alert.acknowledged', 'alert.closed'];
export const ALERT_EVENT_TYPES: readonly string[] = [...RULE_CHANGE_TYPES, ...HUMAN_ACTION_TYPES];

/** The changes sponsors are notified of (SPEC §5); `alert.updated` stays in the store and the API. */
export function isNotified(type: string): type is Exclude<AlertEvent['type'], 'alert.updated'> {
  return type !== 'alert.updated';
}
