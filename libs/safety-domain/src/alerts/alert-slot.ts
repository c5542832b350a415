import { AlertDecision, AlertView } from './alert-view';
import { classifyChange } from './classify-change';

/** The rules' memory of one alert: the last view announced (none = never raised or withdrawn) and its change count. */
export interface AlertSlot {
  view?: AlertView;
  /** Announced changes so far (raised, escalated, downgraded, withdrawn): the ids sponsors de-duplicate on. */
  sequence: number;
  /** `alert.updated` changes since the last announced one: counted apart, so they never shift announced ids. */
  updates?: number;
}

export interface Occurrence {
  eventId: string;
  time: string;
}

/**
 * Compares what the rules want now with what was last announced and, when a person needs to hear about
 * it, produces the change (raised, escalated, downgraded, withdrawn) with its deterministic sequence.
 */
export function reconcileSlot(
  slot: AlertSlot | undefined,
  wanted: AlertView | undefined,
  at: Occurrence,
  withdrawalNote = 'no longer meets any alert criterion',
): { slot: AlertSlot; decision?: AlertDecision } {
  const current: AlertSlot = slot ?? { sequence: 0 };
  const change = classifyChange(current.view, wanted);
  if (!change) return { slot: wanted ? { ...current, view: wanted } : current };
  const view = (wanted ?? current.view) as AlertView;
  if (change === 'alert.updated') {
    const updates = (current.updates ?? 0) + 1;
    const decision: AlertDecision = { change, view, at: at.time, causedBy: at.eventId, sequence: current.sequence, update: updates };
    return { slot: { view: wanted as AlertView, sequence: current.sequence, updates }, decision };
  }
  const sequence = current.sequence + 1;
  const decision: AlertDecision = {
    change,
    view,
    at: at.time,
    causedBy: at.eventId,
    sequence,
    ...(change === 'alert.withdrawn' ? { note: withdrawalNote } : {}),
  };
  return { slot: wanted ? { view: wanted, sequence } : { sequence }, decision };
}

/** Reconciles every slot of a group (e.g. all alerts of one visit) against the views wanted now. */
export function reconcileSlots(
  slots: Record<string, AlertSlot>,
  keysInScope: (key: string) => boolean,
  wanted: Map<string, AlertView>,
  at: Occurrence,
): { slots: Record<string, AlertSlot>; decisions: AlertDecision[] } {
  const next = { ...slots };
  const decisions: AlertDecision[] = [];
  const keys = new Set([...Object.keys(slots).filter(keysInScope), ...wanted.keys()]);
  for (const key of [...keys].sort()) {
    const result = reconcileSlot(slots[key], wanted.get(key), at);
    next[key] = result.slot;
    if (result.decision) decisions.push(result.decision);
  }
  return { slots: next, decisions };
}
