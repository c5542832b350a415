import type { AlertNotification } from '@vigil/contracts';
import { addDays, asMessage, CELLKINE_TRIAL, cellKine, InputCloudEvent } from './support/cellkine-events';
import { isBarrierAe, notificationBarrier } from './support/barrier';
import { AppProcess, Collector, Produced, useE2eRun } from './support/e2e-harness';

/**
 * SPEC §6 "a Kafka offset is committed only after the batch it covers is durably in the store", and §5
 * "a crash never loses or invents" a notification. The built monitor runs with
 * VIGIL_FAULT_INJECTION=crash-after-store-commit: it SIGKILLs itself after its first transaction is
 * committed to PostgreSQL and before the Kafka offset commit. A restarted monitor (same group, no fault)
 * receives what that transaction stored again and must absorb it.
 *
 * Note on timing: the killed consumer never leaves its group, so the restarted one can only join once
 * the broker expires the dead member's session (the monitor's sessionTimeout, 30 s).
 */
describe('crash between the store commit and the offset commit', () => {
  const run = useE2eRun('crash-recovery');
  let notifications: Collector;

  beforeAll(async () => {
    notifications = await run.collect('notifications');
  });

  const subjects = ['CK-001', 'CK-002', 'CK-003', 'CK-004'];
  const visitEvents: InputCloudEvent<unknown>[] = [];
  subjects.forEach((subject, i) => {
    const treatedOn = addDays('2021-01-11', 7 * i);
    visitEvents.push(
      cellKine.enrolled(subject, addDays(treatedOn, -10)),
      cellKine.treated(subject, treatedOn),
      cellKine.visitCompleted(subject, 'DAY1', addDays(treatedOn, 1)),
      cellKine.visitCompleted(subject, 'DAY3_5', addDays(treatedOn, 4)),
    );
  });
  const sae = cellKine.seriousAdverseEvent('CK-002', 'CK-002-AE-02');
  const aeEvents: InputCloudEvent<unknown>[] = [
    cellKine.adverseEvent('CK-001', 'CK-001-AE-01', { onsetDate: '2021-01-12', outcome: 'recovered', endDate: '2021-01-20' }),
    cellKine.adverseEvent('CK-002', 'CK-002-AE-01', {
      term: 'Bruising below the injection site',
      meddra: undefined,
      onsetDate: '2021-01-19',
    }),
    sae,
    cellKine.adverseEvent('CK-004', 'CK-004-AE-01', { term: 'Diarrhea', meddra: undefined, onsetDate: '2021-02-03' }),
  ];
  const allEvents = [...visitEvents, ...aeEvents];

  it('stores every event exactly once, raises one alert and publishes one notification after a restart', async () => {
    const crashing = await run.startMonitor({ VIGIL_FAULT_INJECTION: 'crash-after-store-commit' });
    const produced: Produced[] = [
      ...(await run.produce('visits', visitEvents.map(asMessage))),
      ...(await run.produce('adverseEvents', aeEvents.map(asMessage))),
    ];

    // 1. The first batch reaches the store, then the process kills itself before committing its offset.
    const exit = await run.waitFor('the monitor to kill itself after its first durable batch', () => crashing.exitStatus, {
      timeoutMs: 60_000,
    });
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(crashing.lines.some((l) => /fault injection: crashing after the store commit/.test(l))).toBe(true);
    const afterCrash = await run.sql<{ event_id: string }>(`select event_id from events where event_id = any($1::text[])`, [
      allEvents.map((e) => e.id),
    ]);
    // The first transaction got in (it carries the batches of every partition fetched together, group
    // commit: possibly all of them), and no offset at all was committed, so all of it comes again.
    expect(afterCrash.length).toBeGreaterThan(0);
    expect((await run.committedOffsets()).filter((p) => p.offset >= 0)).toEqual([]);

    // 2. A monitor without the fault, in the same consumer group, takes over from the committed offsets.
    const restarted: AppProcess = await run.startMonitor();
    await run.waitFor(
      `all ${allEvents.length} events in the store`,
      async () => {
        const [{ n }] = await run.sql<{ n: number }>('select count(*)::int as n from events where event_id = any($1::text[])', [
          allEvents.map((e) => e.id),
        ]);
        return n === allEvents.length;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    const ends = await run.endOffsets();
    await run.waitFor('the group to have committed offsets covering every message', async () => {
      // -1 = nothing committed, which is right only for a partition that received nothing.
      const committed = (await run.committedOffsets()).map((p) => ({ ...p, offset: p.offset === -1 ? 0 : p.offset }));
      expect(committed).toEqual(ends);
      return true;
    });
    expect(ends.reduce((sum, p) => sum + p.offset, 0)).toBe(produced.length);
    const [{ alert_id: alertId }] = await run.waitFor('the SAE alert', async () => {
      const rows = await run.sql<{ alert_id: string }>('select alert_id from alerts where ae_id = $1', [sae.data.aeId]);
      return rows.length > 0 ? rows : undefined;
    });
    const raised = await run.waitFor('the alert.raised notification on the topic', () =>
      notifications.messages.find((m) => m.json<AlertNotification>().subject === alertId),
    );
    const topicIds = () => new Set(notifications.messages.map((m) => m.json<AlertNotification>().id));
    await run.waitFor('every notification in the outbox to be published and on the topic', async () => {
      const pending = await run.sql<{ message_id: string; published: boolean }>(
        `select message_id, published_at is not null as published from outbox where topic_role = 'notifications'`,
      );
      const seen = topicIds();
      return pending.every((r) => r.published && seen.has(r.message_id));
    });
    // A (wrong) second copy of a notification would reach the collector before the barrier's.
    await notificationBarrier(run, notifications, 'CK-002');

    // 3. Exactly once, everywhere.
    const counts = await run.sql<{ event_id: string; n: number }>(
      'select event_id, count(*)::int as n from events where event_id = any($1::text[]) group by event_id',
      [allEvents.map((e) => e.id)],
    );
    expect(counts).toHaveLength(allEvents.length);
    expect(counts.filter((c) => c.n !== 1)).toEqual([]);
    expect(await run.sql('select topic, partition, "offset", reason from dead_letters')).toEqual([]);

    const aeAlerts = (await run.sql(`select alert_id, ae_id, reasons, severity, status from alerts where kind = 'adverse-event'`))
      .filter((a) => !isBarrierAe(a.ae_id))
      .map(({ ae_id: _, ...a }) => a);
    expect(aeAlerts).toEqual([{ alert_id: alertId, reasons: ['SERIOUS'], severity: 'high', status: 'open' }]);
    const raisedInStore = await run.sql<{ event_id: string }>(
      `select event_id from events where type = 'alert.raised' and stream_id = $1`,
      [`alert-${alertId}`],
    );
    expect(raisedInStore).toHaveLength(1);
    const inOutbox = await run.sql<{ message_id: string }>(
      `select message_id from outbox where topic_role = 'notifications' and value->>'subject' = $1`,
      [alertId],
    );
    expect(inOutbox).toEqual([{ message_id: raisedInStore[0].event_id }]);
    const saeNotifications = notifications.messages.filter((m) => m.json<AlertNotification>().subject === alertId);
    // The crash happened before any rule ran, so nothing could be sent twice: exactly one on the topic.
    expect(saeNotifications).toHaveLength(1);
    expect(saeNotifications[0].json<AlertNotification>()).toMatchObject({
      id: raisedInStore[0].event_id,
      type: 'alert.raised',
      trialid: CELLKINE_TRIAL,
    });
    expect(saeNotifications[0]).toBe(raised);

    // Whatever else the rules decided (e.g. visit deviations on a clock tick): each alert change in the
    // store has exactly one outbox row (one statement, one snapshot), and the topic carries nothing the
    // outbox does not (the topic is read first, so a later change cannot make this racy).
    const onTopic = [...topicIds()];
    const [{ changes, outbox }] = await run.sql<{ changes: string[]; outbox: string[] }>(
      `select coalesce((select array_agg(event_id order by event_id) from events where type like 'alert.%'), '{}') as changes,
              coalesce((select array_agg(message_id order by message_id) from outbox where topic_role = 'notifications'), '{}') as outbox`,
    );
    expect(outbox).toEqual(changes);
    expect(onTopic.filter((id) => !outbox.includes(id))).toEqual([]);
    expect(restarted.running).toBe(true);
  });
});
