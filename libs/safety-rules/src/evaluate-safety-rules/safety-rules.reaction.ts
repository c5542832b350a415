import { INPUT_EVENT_TYPES, InputEvent } from '@vigil/contracts';
import { appendEventPositions, NewEvent, RebuildableReaction, ReplayReaction, StoredEvent } from '@vigil/event-store';
import { currentAlerts } from '@vigil/read-models';
import { alertNotification, enqueueOutbox, OutboxMessage } from '@vigil/messaging';
import {
  ALERT_STREAM_PREFIX,
  AlertDecision,
  AlertEvent,
  alertStreamId,
  CLOCK_TICKED,
  ClockTicked,
  deterministicUuid,
  evolveAlert,
  isNotified,
  newSubjectState,
  newTrialState,
  nextOverdueCheck,
  reactToClock,
  reactToInputEvent,
  SubjectState,
  subjectScope,
  trialScope,
} from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';
import { toInputEvent } from '@vigil/event-store';

import { RuleStateStore } from './rule-state-store';
import { TrialRulesRegistry } from './trial-rules';

export const SAFETY_RULES = 'safety-rules';
const CLOCK_SLICE = 500;

/**
 * Input and clock events in commit order → the pure rules → alert changes. The changes, their
 * notifications (outbox), the rules' memory and the checkpoint commit in one transaction, so a crash
 * loses or invents nothing; alert-change ids are deterministic, so a replay re-appends nothing. One
 * instance at a time runs this (checkpoint row lock), which is what keeps trial-wide counts race-free.
 */
export class SafetyRulesReaction implements RebuildableReaction {
  readonly name = SAFETY_RULES;
  readonly eventTypes = [...INPUT_EVENT_TYPES, CLOCK_TICKED];

  constructor(private readonly registry: TrialRulesRegistry) {}

  readonly tables = ['rule_state'];

  /** For a rebuild: the same rules, appending and notifying nothing (see SafetyRulesReplay). */
  forReplay(): SafetyRulesReplay {
    return new SafetyRulesReplay(this.registry);
  }

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select scope, state, wake_at::text as "wakeAt" from rule_state order by scope`);
  }

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const store = new RuleStateStore(tx, (subject) => {
      const protocol = this.registry.rulesFor(subject.trialId).protocol;
      return protocol ? nextOverdueCheck(subject, protocol) : undefined;
    });
    await store.load(
      events.flatMap((e) => (e.trialId && e.subjectId ? [subjectScope(e.trialId, e.subjectId), trialScope(e.trialId)] : [])),
    );
    const decisions: AlertDecision[] = [];
    for (const stored of events) {
      if (stored.type === CLOCK_TICKED) decisions.push(...(await this.tick(store, stored)));
      else decisions.push(...this.react(store, toInputEvent(stored)));
    }
    await store.flush();
    await this.record(tx, decisions);
  }

  protected async record(tx: EntityManager, decisions: AlertDecision[]): Promise<void> {
    await recordDecisions(tx, decisions);
  }

  private react(store: RuleStateStore, event: InputEvent): AlertDecision[] {
    const subjectKey = subjectScope(event.trialid, event.subject);
    const trialKey = trialScope(event.trialid);
    const subject = store.get(subjectKey, () => newSubjectState(event.trialid, event.subject));
    const trial = store.get(trialKey, () => newTrialState(event.trialid));
    const reaction = reactToInputEvent({ subject, trial }, event, this.registry.rulesFor(event.trialid));
    store.set(subjectKey, reaction.state.subject);
    if (reaction.state.trial !== trial) store.set(trialKey, reaction.state.trial);
    return reaction.decisions;
  }

  private async tick(store: RuleStateStore, stored: StoredEvent): Promise<AlertDecision[]> {
    const now = (stored.data as ClockTicked).now;
    const due = await store.dueForClock(now.slice(0, 10));
    const decisions: AlertDecision[] = [];
    // A slice at a time: many subjects can fall due at once (e.g. after an outage), memory stays bounded.
    for (let i = 0; i < due.length; i += CLOCK_SLICE) {
      const scopes = due.slice(i, i + CLOCK_SLICE);
      // Scopes the page's other events hold stay; only those loaded for the clock are let go.
      const loadedHere = scopes.filter((scope) => !store.has(scope));
      await store.load(scopes);
      for (const scope of scopes) {
        const subject = store.get<SubjectState>(scope, () => {
          throw new Error(`rule state ${scope} vanished`);
        });
        const reaction = reactToClock(subject, { eventId: stored.eventId, time: now }, this.registry.rulesFor(subject.trialId));
        store.set(scope, reaction.subject);
        decisions.push(...reaction.decisions);
      }
      await store.release(loadedHere);
    }
    return decisions;
  }
}

/**
 * The rules as a rebuild replays them into a shadow `rule_state`. Alert-change ids are deterministic, so
 * every change the live rules made is already in the store and nothing is appended or notified. A change
 * the store lacks (the rules or the live memory were wrong) is held back: it makes the rebuild differ, and
 * is appended and notified only when the rebuilt memory is kept.
 */
export class SafetyRulesReplay extends SafetyRulesReaction implements ReplayReaction {
  private readonly missing: AlertDecision[] = [];

  protected override async record(tx: EntityManager, decisions: AlertDecision[]): Promise<void> {
    if (decisions.length === 0) return;
    const ids = decisions.map((d) => toAlertEvent(d).eventId);
    const rows: { event_id: string }[] = await tx.query(`select event_id from events where event_id = any($1::text[])`, [ids]);
    const stored = new Set(rows.map((r) => r.event_id));
    this.missing.push(...decisions.filter((_, i) => !stored.has(ids[i])));
  }

  heldBack(): string | undefined {
    if (this.missing.length === 0) return undefined;
    const [first] = this.missing;
    return `${this.missing.length} alert change(s) not in the store, first: ${first.change} of alert ${first.view.alertId} (${first.view.kind}) caused by ${first.causedBy}`;
  }

  async release(tx: EntityManager): Promise<void> {
    await recordDecisions(tx, this.missing.splice(0));
  }
}

/** Appends alert changes to their streams and enqueues a notification for each change that is new. */
export async function recordDecisions(tx: EntityManager, decisions: AlertDecision[]): Promise<void> {
  if (decisions.length === 0) return;
  // Only alerts with a change sponsors are told of need their whole state (the notification carries it);
  // `alert.updated`, the frequent change of a long-lived alert such as a stopping rule, needs none.
  const announced = new Set(decisions.filter((d) => isNotified(d.change)).map((d) => d.view.alertId));
  // An alert whose only change here is its first raise needs nothing read: if that raise is new, its stream
  // had no event (nobody acts on an alert before it is raised); if it was stored before, it is not appended
  // and not announced again. Most notifications are such raises, and one clock tick can raise hundreds.
  const onlyFirstRaise = alertsOnlyFirstRaised(decisions);
  const alerts = await currentAlerts(
    tx,
    [...announced].filter((id) => !onlyFirstRaise.has(id)),
  );
  const changes = decisions.map(toAlertEvent);
  const byId = new Map(changes.map((change) => [change.eventId, change]));
  const outbox: OutboxMessage[] = [];
  for (const { eventId, streamPosition } of await appendEventPositions(tx, changes)) {
    const change = byId.get(eventId) as NewEvent;
    const id = change.streamId.slice(ALERT_STREAM_PREFIX.length);
    if (!announced.has(id)) continue;
    const alert = evolveAlert(alerts.get(id), change as unknown as AlertEvent, streamPosition);
    alerts.set(id, alert);
    if (isNotified(change.type)) outbox.push(alertNotification(eventId, change.type, alert));
  }
  await enqueueOutbox(tx, outbox);
}

function alertsOnlyFirstRaised(decisions: AlertDecision[]): Set<string> {
  const count = new Map<string, number>();
  for (const d of decisions) count.set(d.view.alertId, (count.get(d.view.alertId) ?? 0) + 1);
  const firstRaise = (d: AlertDecision) => d.change === 'alert.raised' && d.sequence === 1 && d.update === undefined;
  return new Set(decisions.filter((d) => firstRaise(d) && count.get(d.view.alertId) === 1).map((d) => d.view.alertId));
}

function toAlertEvent(decision: AlertDecision): NewEvent {
  const { view, at, causedBy, sequence, note, change, update } = decision;
  const key = update ? `alert-change/${view.alertId}/${sequence}/update/${update}` : `alert-change/${view.alertId}/${sequence}`;
  return {
    eventId: deterministicUuid(key),
    streamId: alertStreamId(view.alertId),
    type: change,
    data: { view, at, causedBy, sequence, ...(update ? { update } : {}), ...(note ? { note } : {}) },
    metadata: { causedBy },
    eventTime: at,
    trialId: view.trialId,
    ...(view.subjectId ? { subjectId: view.subjectId } : {}),
  };
}
