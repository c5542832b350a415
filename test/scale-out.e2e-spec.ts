import { INPUT_EVENT_TYPES, InputEvent } from '@vigil/contracts';
import { demoInjectionsFor, generateTrial } from '@vigil/simulation';
import { loadProtocols } from '../libs/platform/src/protocols/load-protocols';
import { E2eRun, useE2eRun } from './support/e2e-harness';
import { withdrawnInOneRunOnly } from './support/one-run-withdrawals';

/**
 * SPEC §1: several monitor instances in one consumer group must give exactly the results of one instance.
 * The same simulated CellKine cohort (with its safety-signal injections, stopping rules included) goes to
 * two isolated stacks: one monitor, and two monitors of which one stops half-way (a rebalance).
 */
describe('scale-out: two monitor instances give exactly the alerts of one', () => {
  const single = useE2eRun('scale-out-single');
  const pair = useE2eRun('scale-out-pair');
  const protocol = loadProtocols('protocols').get('NCT04410731')!;
  const events = generateTrial(protocol, { subjects: 10, seed: 11, startDate: '2020-09-01', injections: demoInjectionsFor('NCT04410731') });
  const half = Math.floor(events.length / 2);

  const publish = async (run: E2eRun, batch: InputEvent[]) => {
    const visits = batch.filter((e) => !e.type.startsWith('adverse-event'));
    const aes = batch.filter((e) => e.type.startsWith('adverse-event'));
    const message = (e: InputEvent) => ({ key: e.subject, value: JSON.stringify(e) });
    await run.produce('visits', visits.map(message));
    await run.produce('adverseEvents', aes.map(message));
  };

  /**
   * Everything published is stored and the rules and the alerts read model have handled all of it. The
   * monitors run without a clock: a tick is a wall-clock moment, and one landing between the halves on one
   * stack only raises (then withdraws) overdue-visit alerts there. Time is not what this test compares.
   */
  const drained = (run: E2eRun, expected: number) =>
    run.waitFor(
      `${run.id} to process ${expected} events`,
      async () => {
        const [{ stored }] = await run.sql(`select count(*)::int as stored from events where type = any($1)`, [[...INPUT_EVENT_TYPES]]);
        const [{ pending }] = await run.sql(
          `select count(*)::int as pending from events e join checkpoints c on c.name = case when e.type like 'alert.%' then 'alerts' else 'safety-rules' end
         where (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)`,
        );
        return stored === expected && pending === 0;
      },
      { timeoutMs: 90_000 },
    );
  const clockTicks = async (run: E2eRun) =>
    (await run.sql(`select count(*)::int as ticks from events where type = 'clock.ticked'`))[0].ticks;

  /**
   * The alerts as they stand, and each alert's announced changes. Visits and AEs travel on different topics,
   * whose relative order Kafka does not fix; the same facts then still give the same alerts and the same
   * announced changes, and only `alert.updated` entries (e.g. the arm reaching evidence later) may differ, and
   * alerts withdrawn on one stack that the other never raised (support/one-run-withdrawals.ts).
   */
  const alerts = async (run: E2eRun) =>
    (
      await run.sql(`select alert_id, kind, subject_id, ae_id, visit_code, status, severity, reasons, title, raised_at, due_by, evidence, history
                    from alerts order by alert_id`)
    ).map(({ history, ...alert }) => ({
      ...alert,
      announced: (history as { change: string; at: string; causedBy?: string; reasons: string[]; severity: string; status: string }[])
        .filter((h) => h.change !== 'alert.updated')
        .map(({ change, at, causedBy, reasons, severity, status }) => ({ change, at, causedBy, reasons, severity, status })),
    }));
  const notificationIds = async (run: E2eRun, leftOut: ReadonlySet<string>) =>
    (
      await run.sql<{ message_id: string; alert_id: string }>(
        `select o.message_id, o.value->>'subject' as alert_id from outbox o where o.topic_role = 'notifications' order by o.message_id`,
      )
    )
      .filter((n) => !leftOut.has(n.alert_id))
      .map((n) => n.message_id);

  it('the same cohort through 1 and through 2 (then 1) instances yields identical alerts, announced changes and notification ids', async () => {
    const noClock = { VIGIL_CLOCK_INTERVAL_MS: '0' };
    await Promise.all([single.startMonitor(noClock), pair.startMonitor(noClock), pair.startMonitor(noClock)]);
    await Promise.all([publish(single, events.slice(0, half)), publish(pair, events.slice(0, half))]);
    await drained(pair, half);
    await pair.processes[1].stop(); // the group rebalances onto the remaining instance
    await Promise.all([publish(single, events.slice(half)), publish(pair, events.slice(half))]);
    await Promise.all([drained(single, events.length), drained(pair, events.length)]);

    expect([await clockTicks(single), await clockTicks(pair)]).toEqual([0, 0]);
    const [allOne, allTwo] = await Promise.all([alerts(single), alerts(pair)]);
    const leftOut = withdrawnInOneRunOnly(allOne, allTwo);
    const [one, two] = [allOne, allTwo].map((all) => all.filter((a) => !leftOut.has(a.alert_id)));
    expect(one.length).toBeGreaterThan(5);
    expect(one.map((a) => a.kind)).toEqual(expect.arrayContaining(['adverse-event', 'lab-abnormality', 'hys-law', 'vital-sign']));
    expect(two).toEqual(one);
    // Notified changes (alert.updated is never notified) have deterministic ids: the same set on both stacks.
    expect(await notificationIds(pair, leftOut)).toEqual(await notificationIds(single, leftOut));
  });
});
