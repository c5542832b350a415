import type { AlertNotification } from '@vigil/contracts';
import { asMessage, cellKine, InputCloudEvent } from './support/cellkine-events';
import { Collector, useE2eRun } from './support/e2e-harness';

/**
 * A full `vigil rebuild` beside a monitor under a load of SAEs: the rebuild replays into shadow tables in
 * short transactions, so the monitor goes on alerting; every SAE sent before, during and after it is
 * notified exactly once, and every rebuilt state equals the live one.
 */
describe('vigil rebuild while the monitor is alerting', () => {
  const run = useE2eRun('rebuild-under-load');
  let notifications: Collector;
  beforeAll(async () => {
    notifications = await run.collect('notifications');
  });

  const subjectEvents = (n: number): InputCloudEvent<unknown>[] => {
    const subject = `RB-${String(n).padStart(4, '0')}`;
    return [cellKine.enrolled(subject, '2021-01-01'), cellKine.treated(subject, '2021-01-11')];
  };
  const sae = (n: number) => cellKine.seriousAdverseEvent(`RB-${String(n).padStart(4, '0')}`, `RB-${String(n).padStart(4, '0')}-AE-01`);
  const send = async (from: number, to: number) => {
    const range = Array.from({ length: to - from }, (_, i) => from + i);
    await run.produce('visits', range.flatMap(subjectEvents).map(asMessage));
    await run.produce('adverseEvents', range.map(sae).map(asMessage));
  };
  /** Each AE's alert.raised notification ids (a redelivery repeats an id; a second raise would add one). */
  const raised = () => {
    const byAe = new Map<string, Set<string>>();
    for (const n of notifications.messages.map((m) => m.json<AlertNotification>())) {
      if (n.type !== 'alert.raised' || !n.data.aeId) continue;
      byAe.set(n.data.aeId, (byAe.get(n.data.aeId) ?? new Set()).add(n.id));
    }
    return byAe;
  };

  it('notifies every SAE once and reports every rebuilt state equal', async () => {
    await run.startMonitor();
    const before = 400;
    await send(0, before);
    await run.waitFor(`the ${before} SAE alerts`, () => raised().size >= before, { timeoutMs: 120_000, intervalMs: 250 });

    let finished = false;
    const rebuilding = run.cli(['rebuild']).finally(() => (finished = true));
    let sent = before;
    // SAEs keep arriving while the rebuild runs (at least one chunk of them).
    do {
      await send(sent, sent + 25);
      sent += 25;
    } while (!finished && sent < before + 600);
    const { stdout } = await rebuilding;
    await send(sent, sent + 25);
    sent += 25;

    expect(stdout.trim().split('\n')).toHaveLength(7);
    for (const line of stdout.trim().split('\n')) expect(line).toMatch(/equal to the live state$/);
    await run.waitFor(`all ${sent} SAE alerts notified`, () => raised().size >= sent, { timeoutMs: 120_000, intervalMs: 250 });
    const byAe = raised();
    expect(byAe.size).toBe(sent);
    expect([...byAe.values()].filter((ids) => ids.size !== 1)).toEqual([]);
  });
});
