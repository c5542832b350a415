import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * scripts/supervise.js with a tiny app (plain node, no services): an app that dies is started again, and
 * SIGTERM stops app and supervisor cleanly. The app records each start in a file so starts are counted.
 */
const SUPERVISOR = path.join(__dirname, 'supervise.js');

function startsOf(dir: string): string[] {
  try {
    return readFileSync(path.join(dir, 'starts'), 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

jest.setTimeout(20_000);

describe('scripts/supervise.js', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-supervise-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function supervise(appSource: string) {
    const app = path.join(dir, 'app.js');
    writeFileSync(app, appSource);
    const stateFile = path.join(dir, 'state.json');
    const child = spawn(process.execPath, [SUPERVISOR, '--name', 'test-app', '--state-file', stateFile, '--', process.execPath, app], {
      env: { ...process.env, STARTS_FILE: path.join(dir, 'starts'), VIGIL_SUPERVISE_GRACE_SECONDS: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const state = () => {
      try {
        return JSON.parse(readFileSync(stateFile, 'utf8')) as { appPid: number | null; restarts: number };
      } catch {
        return undefined;
      }
    };
    return { child, exited, state, output: () => output };
  }

  async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const LONG_RUNNING_APP = `
    process.on('SIGTERM', () => { require('fs').writeSync(1, 'app: graceful stop\\n'); process.exit(0); });
    require('fs').appendFileSync(process.env.STARTS_FILE, process.pid + '\\n');
    setInterval(() => {}, 1000);
  `;

  it('starts a SIGKILLed app again, then stops app and supervisor on SIGTERM with exit code 0', async () => {
    const s = supervise(LONG_RUNNING_APP);
    const first: number = await until('the app to start', () => s.state()?.appPid ?? undefined);
    await until('the app to be running its code', () => startsOf(dir).length === 1);
    process.kill(first, 'SIGKILL');
    const second = await until('a restarted app', () => {
      const state = s.state();
      return state && state.restarts === 1 && state.appPid && state.appPid !== first ? state.appPid : undefined;
    });
    expect(s.output()).toMatch(/exited unexpectedly \(killed by SIGKILL\).*restarting in 500 ms \(restart 1\)/);

    await until('the restarted app to be listening for SIGTERM', () => startsOf(dir).length === 2);
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.output()).toMatch(/app: graceful stop/);
    expect(() => process.kill(second, 0)).toThrow();
    expect(startsOf(dir)).toEqual([String(first), String(second)]);
  });

  it('backs off an app that keeps crashing at start-up', async () => {
    const s = supervise(`require('fs').appendFileSync(process.env.STARTS_FILE, 'x\\n'); process.exit(3);`);
    await until('three restarts', () => (s.state()?.restarts ?? 0) >= 3);
    expect(s.output()).toMatch(/exit code 3\) .*restarting in 500 ms \(restart 1\)/);
    expect(s.output()).toMatch(/restarting in 1000 ms \(restart 2\)/);
    expect(s.output()).toMatch(/restarting in 2000 ms \(restart 3\)/);
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
  });
});
