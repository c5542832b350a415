import { Alert, AlertHistoryEntry, AlertStatus } from '@vigil/contracts';
import { assertNever } from './alert-scope';
import { AlertEvent, HumanActionData, HumanActionType } from './alert-events';

/** Folds one alert event into the alert (SPEC §4 lifecycle). `version` is the event's position in the stream. */
export function evolveAlert(alert: Alert | undefined, event: AlertEvent, version: number): Alert {
  switch (event.type) {
    case 'alert.raised':
    case 'alert.escalated':
    case 'alert.downgraded':
    case 'alert.updated':
    case 'alert.withdrawn': {
      const { view, at, causedBy, note } = event.data;
      const status = ruleStatus(event.type, alert?.status);
      const raisedAt = event.type === 'alert.raised' && (!alert || alert.status === 'withdrawn') ? at : (alert?.raisedAt ?? at);
      const entry: AlertHistoryEntry = {
        change: event.type,
        at,
        version,
        status,
        severity: view.severity,
        reasons: view.reasons,
        causedBy,
        ...(note ? { comment: note } : {}),
      };
      const { dueBy, ...rest } = view;
      return {
        ...rest,
        ...(dueBy ? { dueBy } : {}),
        status,
        raisedAt,
        updatedAt: at,
        version,
        history: appendRuleEntry(alert?.history ?? [], entry),
      };
    }
    case 'alert.acknowledged':
    case 'alert.closed': {
      if (!alert) throw new Error(`${event.type} for an alert that was never raised (${event.data.alertId})`);
      const status: AlertStatus = event.type === 'alert.acknowledged' ? 'acknowledged' : 'closed';
      const { by, role, comment, at } = event.data;
      const entry: AlertHistoryEntry = {
        change: event.type,
        at,
        version,
        status,
        severity: alert.severity,
        reasons: alert.reasons,
        by,
        role,
        comment,
      };
      return { ...alert, status, updatedAt: at, version, history: [...alert.history, entry] };
    }
    default:
      return assertNever(event);
  }
}

/**
 * Consecutive `alert.updated` changes share one entry: a stopping rule that thousands of subjects meet
 * would otherwise carry a history as long as its subject list, rewritten on every change.
 */
function appendRuleEntry(history: AlertHistoryEntry[], entry: AlertHistoryEntry): AlertHistoryEntry[] {
  const last = history[history.length - 1];
  if (entry.change !== 'alert.updated' || last?.change !== 'alert.updated') return [...history, entry];
  return [
    ...history.slice(0, -1),
    { ...entry, updates: (last.updates ?? 1) + 1, from: last.from ?? { at: last.at, version: last.version } },
  ];
}

function ruleStatus(change: AlertEvent['type'], current: AlertStatus | undefined): AlertStatus {
  if (change === 'alert.withdrawn') return 'withdrawn';
  if (change === 'alert.downgraded' || change === 'alert.updated') return current ?? 'open';
  return 'open'; // raised, or escalated: new facts re-open an alert people had acknowledged or closed
}

export type HumanAction = { type: 'acknowledge' | 'close' } & Omit<HumanActionData, 'alertId'>;

export type HumanDecision = { ok: true; event: { type: HumanActionType; data: HumanActionData } } | { ok: false; reason: string };

/** Who may do what is the API's business; this decides what the alert's state allows. */
export function decideHumanAction(alert: Alert, action: HumanAction): HumanDecision {
  const data: HumanActionData = { alertId: alert.alertId, by: action.by, role: action.role, comment: action.comment, at: action.at };
  if (alert.status === 'withdrawn')
    return { ok: false, reason: `alert ${alert.alertId} was withdrawn; there is nothing to ${action.type}` };
  if (alert.status === 'closed') return { ok: false, reason: `alert ${alert.alertId} is already closed` };
  if (action.type === 'acknowledge') {
    if (alert.status === 'acknowledged') return { ok: false, reason: `alert ${alert.alertId} is already acknowledged` };
    return { ok: true, event: { type: 'alert.acknowledged', data } };
  }
  return { ok: true, event: { type: 'alert.closed', data } };
}
