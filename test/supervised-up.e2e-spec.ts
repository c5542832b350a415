import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './support/app-process';
import { asMessage, cellKine, InputCloudEvent } from './support/cellkine-events';
import { Collector, useE2eRun } from './support/e2e-harness';
import { enrolAndTreat, freePort, raisedOnTopic, steadyLoad, storedCount, waitForSaeAlerts } from './support/never-silent';

const exec = promisify(execFile);

/**
 * Issue 7, "never silent", for what `npm run up` starts: the monitor is SIGKILLed (no shutdown hook runs,
 * its group membership is left to expire). Its supervisor must start it again by itself; meanwhile the
 * API's /health says `degraded` naming the monitor (HTTP 200) and /health/ready answers 503; afterwards
 * /health is `up` again and every SAE produced during the outage is alerted exactly once.
 *
 * Isolated from a developer's stack: its own state dir (pids, logs), PORT, monitor port, database,
 * topics and consumer group; KAFKA_BROKERS and DATABASE_URL are set, so the scripts start no broker.
 */
describe('npm run up supervises the monitor', () => {
  const run = useE2eRun('supervised-up');
  const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-up-'));
  const subjects = ['CK-201', 'CK-202', 'CK-203', 'CK-204', 'CK-205'];
  let notifications: Collector;
  let env: NodeJS.ProcessEnv;
  let upRan = false;

  const script = (name: 'up' | 'down') =>
    exec('bash', [path.join(REPO_ROOT, 'scripts', `${name}.sh`)], { cwd: REPO_ROOT, env, timeout: 120_000 });
  const monitorState = (): { appPid: number | null; restarts: number } =>
    JSON.parse(readFileSync(path.join(stateDir, 'pids', 'monitor.state.json'), 'utf8'));
  const health = async () => run.http('/health');

  beforeAll(async () => {
    notifications = await run.collect('notifications');
    env = run.appEnv({
      VIGIL_STATE_DIR: stateDir,
      VIGIL_SKIP_BUILD: '1',
      VIGIL_MONITOR_PORT: String(await freePort()),
      VIGIL_KAFKA_SESSION_TIMEOUT_MS: '6000',
      VIGIL_HEALTH_TIMEOUT: '90',
    });
  });

  afterAll(async () => {
    if (upRan) await script('down').catch((error) => process.stderr.write(`npm run down failed: ${error}\n`));
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** The stack's logs live in its state dir, not in the harness: shown when the test fails. */
  const printLogs = () => {
    for (const log of ['monitor.log', 'api.log']) {
      try {
        process.stderr.write(
          `----- ${log} (last 60 lines) -----\n${readFileSync(path.join(stateDir, 'logs', log), 'utf8')
            .split('\n')
            .slice(-60)
            .join('\n')}\n`,
        );
      } catch {
        // no log
      }
    }
  };

  it('restarts a SIGKILLed monitor, reports degraded meanwhile, and alerts every SAE exactly once', () =>
    scenario().catch((error) => {
      printLogs();
      throw error;
    }));

  async function scenario(): Promise<void> {
    upRan = true;
    const up = await script('up');
    expect(up.stdout).toMatch(/Vigil is up/);
    expect((await health()).body).toMatchObject({ status: 'up', reasons: [] });
    expect((await run.http('/health/ready')).status).toBe(200);

    await run.produce('visits', enrolAndTreat(subjects).map(asMessage));
    const first = cellKine.seriousAdverseEvent(subjects[0], 'CK-201-SAE');
    await run.produce('adverseEvents', [asMessage(first)]);
    await waitForSaeAlerts(run, notifications, [first.data.aeId]);

    const load = steadyLoad(run, subjects, { everyMs: 200 });
    const killed = monitorState();
    expect(killed.appPid).toEqual(expect.any(Number));
    process.kill(killed.appPid!, 'SIGKILL');
    const duringOutage: InputCloudEvent<any>[] = subjects.slice(1).map((s) => cellKine.seriousAdverseEvent(s, `${s}-SAE`));
    await run.produce('adverseEvents', duringOutage.map(asMessage));

    // In between: degraded (200) naming the monitor, and not ready (503).
    const degraded = await run.waitFor(
      '/health to report degraded because of the monitor',
      async () => {
        const response = await health();
        expect(response.status).toBe(200);
        return response.body.status === 'degraded' && response.body.reasons.some((r: string) => /monitor/.test(r)) ? response.body : false;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(degraded.checks.monitor.status).toBe('down');
    await run.waitFor('/health/ready to answer 503', async () => (await run.http('/health/ready')).status === 503, {
      timeoutMs: 30_000,
      intervalMs: 100,
    });

    // The supervisor started a new monitor process, and everything is up again.
    const restarted = await run.waitFor('the supervisor to restart the monitor', () => {
      const state = monitorState();
      return state.restarts >= 1 && state.appPid !== null && state.appPid !== killed.appPid ? state : false;
    });
    await run.waitFor('/health to say up again', async () => (await health()).body.status === 'up', { timeoutMs: 60_000, intervalMs: 250 });

    const alertIds = await waitForSaeAlerts(
      run,
      notifications,
      [first, ...duringOutage].map((e) => e.data.aeId),
      60_000,
    );
    const loadEvents = await load.stop();
    await run.waitFor(
      `all ${loadEvents.length} load events stored`,
      async () => (await storedCount(run, loadEvents)) === loadEvents.length,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
      },
    );
    const raised = raisedOnTopic(notifications);
    for (const alertId of alertIds.values()) expect(raised.filter((n) => n.subject === alertId)).toHaveLength(1);
    const instances = await run.sql<{ pid: number }>('select pid from monitor_instances order by started_at');
    expect(instances.map((i) => i.pid)).toEqual([killed.appPid, restarted.appPid]);

    // down stops the supervisors and their apps, and is safe to repeat.
    await script('down');
    upRan = false;
    expect(isAlive(restarted.appPid!)).toBe(false);
    await run.waitFor(
      'the API to stop answering',
      async () =>
        !(await health().then(
          () => true,
          () => false,
        )),
    );
    expect((await script('down')).stdout).toMatch(/not running/);
  }
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
