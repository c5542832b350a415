import { asMessage, cellKine, InputCloudEvent } from './support/cellkine-events';
import { AppProcess, Collector, useE2eRun } from './support/e2e-harness';
import { enrolAndTreat, freePort, raisedOnTopic, steadyLoad, storedCount, waitForSaeAlerts } from './support/never-silent';

/**
 * Issue 7, "never silent": a monitor frozen for longer than its Kafka session timeout (SIGSTOP — what a
 * long GC pause, a swapped-out VM or a starved event loop looks like to the broker) is thrown out of its
 * consumer group. When it wakes up (SIGCONT) it must get back into the group by itself — same process, no
 * restart by hand — and alert on SAEs produced while it was frozen and afterwards, each exactly once,
 * while a steady load keeps flowing and nothing accepted is lost.
 */
describe('a monitor evicted from its consumer group under load', () => {
  const run = useE2eRun('never-silent');
  const subjects = ['CK-101', 'CK-102', 'CK-103', 'CK-104', 'CK-105', 'CK-106'];
  let notifications: Collector;
  let monitor: AppProcess;

  beforeAll(async () => {
    notifications = await run.collect('notifications');
  });

  afterAll(async () => {
    // Never leave a stopped process behind, whatever failed.
    const pid = await monitorPid().catch(() => undefined);
    if (pid) tryKill(pid, 'SIGCONT');
  });

  async function monitorPid(): Promise<number> {
    const rows = await run.sql<{ pid: number }>('select pid from monitor_instances order by started_at');
    if (rows.length !== 1) throw new Error(`expected one monitor status row, found ${rows.length}`);
    return rows[0].pid;
  }

  it('rejoins by itself after SIGSTOP beyond the session timeout and keeps alerting, exactly once', async () => {
    const monitorPort = await freePort();
    monitor = await run.startMonitor({ VIGIL_KAFKA_SESSION_TIMEOUT_MS: '6000', VIGIL_MONITOR_PORT: String(monitorPort) });
    const probe = (path: string) => fetch(`http://127.0.0.1:${monitorPort}${path}`, { signal: AbortSignal.timeout(5_000) });
    await run.produce('visits', enrolAndTreat(subjects).map(asMessage));
    const before = cellKine.seriousAdverseEvent(subjects[0], 'CK-101-SAE');
    await run.produce('adverseEvents', [asMessage(before)]);
    await waitForSaeAlerts(run, notifications, [before.data.aeId]);
    const pid = await run.waitFor('the monitor status row', () => monitorPid().catch(() => undefined));

    const load = steadyLoad(run, subjects);
    await run.waitFor('the load to flow through the monitor', async () => (await storedCount(run, load.produced)) >= 20, {
      timeoutMs: 30_000,
    });

    // Freeze the monitor until the broker has evicted it: the group has no member left.
    tryKill(pid, 'SIGSTOP');
    const admin = await run.admin();
    await run.waitFor(
      'the broker to evict the frozen monitor from its group',
      async () => {
        const { groups } = await admin.describeGroups([run.consumerGroup]);
        return groups[0].members.length === 0;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const duringFreeze: InputCloudEvent<any>[] = [
      cellKine.seriousAdverseEvent(subjects[1], 'CK-102-SAE'),
      cellKine.seriousAdverseEvent(subjects[2], 'CK-103-SAE'),
    ];
    await run.produce('adverseEvents', duringFreeze.map(asMessage));
    tryKill(pid, 'SIGCONT');

    const afterWake: InputCloudEvent<any>[] = [
      cellKine.seriousAdverseEvent(subjects[3], 'CK-104-SAE'),
      cellKine.seriousAdverseEvent(subjects[4], 'CK-105-SAE'),
    ];
    await run.produce('adverseEvents', afterWake.map(asMessage));
    const saes = [before, ...duringFreeze, ...afterWake];
    const alertIds = await waitForSaeAlerts(
      run,
      notifications,
      saes.map((e) => e.data.aeId),
      90_000,
    );

    const loadEvents = await load.stop();
    await run.waitFor(
      `all ${loadEvents.length} load events stored`,
      async () => (await storedCount(run, loadEvents)) === loadEvents.length,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const ends = await run.endOffsets();
    await run.waitFor('the group to have committed every offset', async () => {
      const committed = (await run.committedOffsets()).map((p) => ({ ...p, offset: Math.max(p.offset, 0) }));
      expect(committed).toEqual(ends);
      return true;
    });

    // Exactly once: one alert.raised per SAE on the topic, and every input event once in the store.
    const raised = raisedOnTopic(notifications);
    for (const alertId of alertIds.values()) expect(raised.filter((n) => n.subject === alertId)).toHaveLength(1);
    expect(await storedCount(run, [...saes, ...loadEvents])).toBe(saes.length + loadEvents.length);
    expect(await run.sql('select reason from dead_letters')).toEqual([]);

    // The same process did it: no restart, by hand or otherwise.
    expect(monitor.running).toBe(true);
    expect(await monitorPid()).toBe(pid);
    const [status] = await run.sql<{ consumer_state: string }>('select consumer_state from monitor_instances');
    expect(status.consumer_state).toBe('running');
    // And it says so itself: live, ready, up.
    expect((await probe('/health/live')).status).toBe(200);
    await run.waitFor('the monitor to be ready again', async () => (await probe('/health/ready')).status === 200);
    expect(await (await probe('/health')).json()).toMatchObject({ status: 'up', reasons: [] });
  });
});

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
