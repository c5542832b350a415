import type { AlertNotification } from '@vigil/contracts';
import { addDays, asMessage, cellKine, InputCloudEvent } from './cellkine-events';
import { Collector, E2eRun } from './e2e-harness';

export { freePort } from './e2e-harness';

/**
 * Shared by the "never silent" e2e suites: steady input load that raises no alert by itself, SAEs whose
 * alerts must arrive, and the exactly-once checks.
 */

/** Enrolment and treatment for each subject, so that their AEs are judged under CellKine's protocol. */
export function enrolAndTreat(subjects: string[]): InputCloudEvent<unknown>[] {
  return subjects.flatMap((subject, i) => {
    const treatedOn = addDays('2021-01-11', 7 * i);
    return [cellKine.enrolled(subject, addDays(treatedOn, -10)), cellKine.treated(subject, treatedOn)];
  });
}

/**
 * Keeps producing non-serious, unrelated grade 1 AEs (no alert reason) every `everyMs` until stopped: the
 * "sustained load" around the fault. Returns every event it produced.
 */
export function steadyLoad(run: E2eRun, subjects: string[], options: { everyMs?: number; perTick?: number } = {}) {
  const produced: InputCloudEvent<unknown>[] = [];
  let stopped = false;
  let tick = 0;
  let failure: unknown;
  const loop = (async () => {
    while (!stopped) {
      const events = Array.from({ length: options.perTick ?? 5 }, (_, i) => {
        const subject = subjects[(tick + i) % subjects.length];
        return cellKine.adverseEvent(subject, `${subject}-LOAD-${tick}-${i}`, {
          term: 'Mild headache',
          meddra: undefined,
          onsetDate: '2021-03-01',
        });
      });
      tick += 1;
      try {
        await run.produce('adverseEvents', events.map(asMessage));
        produced.push(...events);
      } catch (error) {
        failure = error;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
    }
  })();
  return {
    produced,
    async stop(): Promise<InputCloudEvent<unknown>[]> {
      stopped = true;
      await loop;
      if (failure) throw failure;
      return produced;
    },
  };
}

/** Waits until every SAE has its alert.raised on the notification topic; returns the alert id per AE. */
export async function waitForSaeAlerts(
  run: E2eRun,
  notifications: Collector,
  aeIds: string[],
  timeoutMs = 60_000,
): Promise<Map<string, string>> {
  return run.waitFor(
    `alert.raised on the notification topic for ${aeIds.length} SAE(s)`,
    async () => {
      const rows = await run.sql<{ ae_id: string; alert_id: string }>(`select ae_id, alert_id from alerts where ae_id = any($1::text[])`, [
        aeIds,
      ]);
      if (rows.length < aeIds.length) return false;
      const raised = new Set(raisedOnTopic(notifications).map((n) => n.subject));
      return rows.every((r) => raised.has(r.alert_id)) ? new Map(rows.map((r) => [r.ae_id, r.alert_id])) : false;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

export function raisedOnTopic(notifications: Collector): AlertNotification[] {
  return notifications.messages.map((m) => m.json<AlertNotification>()).filter((n) => n.type === 'alert.raised');
}

/** Every event stored exactly once (by CloudEvent id: the store's unique constraint makes "twice" impossible, so count). */
export async function storedCount(run: E2eRun, events: InputCloudEvent<unknown>[]): Promise<number> {
  const [{ n }] = await run.sql<{ n: number }>('select count(*)::int as n from events where event_id = any($1::text[])', [
    events.map((e) => e.id),
  ]);
  return n;
}
