import { Alert, INPUT_EVENT_TYPES } from '@vigil/contracts';
import { appendEvents, NewEvent, readStreams, StoreReaction, StoredEvent } from '@vigil/event-store';
import { enqueueOutbox, OutboxMessage } from '@vigil/messaging';
import {
  AlertDecision,
  AlertEvent,
  alertStreamId,
  deterministicUuid,
  evolveAlert,
  newSubjectState,
  reactToInputEvent,
  SubjectState,
  subjectScope,
} from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';
import { toInputEvent } from '../ingest-clinical-events/input-streams';
import { alertNotification } from './alert-notifications';
import { TrialRulesRegistry } from './trial-rules';

export const SAFETY_RULES = 'safety-rules';

/**
 * Input events in commit order → the pure rules → alert changes. The changes, their notifications
 * (outbox), the rules' memory and the checkpoint commit in one transaction, so a crash loses or
 * invents nothing; alert-change ids are deterministic, so a replay re-appends nothing.
 */
export class SafetyRulesReaction implements StoreReaction {
  readonly name = SAFETY_RULES;
  readonly eventTypes = INPUT_EVENT_TYPES;

  constructor(private readonly registry: TrialRulesRegistry) {}

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const states = await loadStates(tx, events.map((e) => subjectScope(e.trialId ?? '', e.subjectId ?? '')));
    const decisions: AlertDecision[] = [];
    const touched = new Set<string>();
    for (const stored of events) {
      const event = toInputEvent(stored);
      const scope = subjectScope(event.trialid, event.subject);
      const state = states.get(scope) ?? newSubjectState(event.trialid, event.subject);
      const reaction = reactToInputEvent(state, event, this.registry.rulesFor(event.trialid));
      states.set(scope, reaction.state);
      touched.add(scope);
      decisions.push(...reaction.decisions);
    }
    await saveStates(tx, [...touched].map((scope) => [scope, states.get(scope) as SubjectState]));
    await recordDecisions(tx, decisions);
  }
}

/** Appends alert changes to their streams and enqueues a notification for each change that is new. */
export async function recordDecisions(tx: EntityManager, decisions: AlertDecision[]): Promise<void> {
  if (decisions.length === 0) return;
  const streams = [...new Set(decisions.map((d) => alertStreamId(d.view.alertId)))];
  const alerts = new Map<string, Alert>();
  for (const stored of await readStreams(tx, streams)) {
    alerts.set(stored.streamId, evolveAlert(alerts.get(stored.streamId), stored as unknown as AlertEvent, stored.streamPosition));
  }
  const appended = await appendEvents(tx, decisions.map(toAlertEvent));
  const outbox: OutboxMessage[] = [];
  for (const stored of appended) {
    const alert = evolveAlert(alerts.get(stored.streamId), stored as unknown as AlertEvent, stored.streamPosition);
    alerts.set(stored.streamId, alert);
    outbox.push(alertNotification(stored.eventId, stored.type as AlertEvent['type'], alert));
  }
  await enqueueOutbox(tx, outbox);
}

function toAlertEvent(decision: AlertDecision): NewEvent {
  const { view, at, causedBy, sequence, note, change } = decision;
  return {
    eventId: deterministicUuid(`alert-change/${view.alertId}/${sequence}`),
    streamId: alertStreamId(view.alertId),
    type: change,
    data: { view, at, causedBy, sequence, ...(note ? { note } : {}) },
    metadata: { causedBy },
    eventTime: at,
    trialId: view.trialId,
    ...(view.subjectId ? { subjectId: view.subjectId } : {}),
  };
}

async function loadStates(tx: EntityManager, scopes: string[]): Promise<Map<string, SubjectState>> {
  const rows: { scope: string; state: SubjectState }[] = await tx.query(
    `select scope, state from rule_state where scope = any($1::text[])`,
    [[...new Set(scopes)]],
  );
  return new Map(rows.map((r) => [r.scope, r.state]));
}

async function saveStates(tx: EntityManager, entries: [string, SubjectState][]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `insert into rule_state (scope, state) select * from unnest($1::text[], $2::jsonb[])
     on conflict (scope) do update set state = excluded.state, updated_at = now()`,
    [entries.map(([scope]) => scope), entries.map(([, state]) => JSON.stringify(state))],
  );
}
