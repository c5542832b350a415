import type { AlertNotification } from '@vigil/contracts';
import { asMessage, cellKine } from './cellkine-events';
import type { Collector, E2eRun } from './e2e-harness';

let barriers = 0;

/**
 * Proves a negative ("no second notification came") without sleeping. A serious AE of `subject` is sent
 * after the messages under test: same topic and key, so the same partition at a later offset. The monitor
 * handles a partition in order, the rules and the alerts read model follow the store in order, and the
 * relay publishes the outbox in order onto one partition per trial. So once the barrier's notification
 * is on the topic, everything the earlier messages caused is in the read model and on the topic too.
 *
 * The barrier AE is unrelated, grade 2 and not an AESI (see `cellKine.seriousAdverseEvent`): it raises one
 * SERIOUS alert of its own (aeId `<subject>-AE-B<n>`) and counts towards no stopping rule.
 */
export async function notificationBarrier(run: E2eRun, notifications: Collector, subject: string): Promise<AlertNotification> {
  barriers += 1;
  const aeId = `${subject}-AE-B${barriers}`;
  await run.produce('adverseEvents', [asMessage(cellKine.seriousAdverseEvent(subject, aeId))]);
  return run.waitFor(`the notification of barrier AE ${aeId} (sent after the messages under test)`, () =>
    notifications.messages.map((m) => m.json<AlertNotification>()).find((n) => n.type === 'alert.raised' && n.data.aeId === aeId),
  );
}

/** Whether an AE id is a barrier's, to leave barrier alerts out of a test's own counts. */
export const isBarrierAe = (aeId: string | null | undefined): boolean => /-AE-B\d+$/.test(aeId ?? '');
