import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const SUPERVISOR = path.join(__dirname, 'supervise-app.js');

/** The built entry points (`npm run build`). */
export const BUILT_APPS = {
  monitor: 'dist/apps/monitor/src/main.js',
  api: 'dist/apps/api/src/main.js',
  cli: 'dist/apps/cli/src/main.js',
} as const;
export type BuiltApp = keyof typeof BUILT_APPS;

export function builtAppPath(app: BuiltApp): string {
  const file = path.join(REPO_ROOT, BUILT_APPS[app]);
  if (!existsSync(file)) throw new Error(`${BUILT_APPS[app]} does not exist: run npm run build first (the e2e tests run the built apps)`);
  return file;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const MAX_LINES = 5000;
const live = new Set<AppProcess>();

/**
 * One built app as a child process (through test/support/supervise-app.js, which kills the app when this
 * test process goes away). Output is captured line by line; `VIGIL_E2E_VERBOSE=1` also streams it.
 */
export class AppProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<ExitStatus>;
  exitStatus?: ExitStatus;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly startedAt = Date.now();
  private listeners: (() => void)[] = [];
  private droppedLines = 0;

  constructor(
    readonly name: string,
    app: BuiltApp,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    const script = builtAppPath(app);
    this.child = spawn(process.execPath, [SUPERVISOR, script, ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(this);
    this.capture(this.child.stdout, 'out');
    this.capture(this.child.stderr, 'err');
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        live.delete(this);
        this.record('---', `process exited (${describeExit(this.exitStatus)})`);
        resolve(this.exitStatus);
      });
    });
    // The pipe to the supervisor must not keep Jest alive, nor throw if the supervisor is gone.
    this.child.stdin.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitStatus === undefined;
  }

  /** Resolves with the first captured line matching `pattern`; fails if the process exits or time runs out. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const found = () => this.lines.find((line) => pattern.test(line));
    const already = found();
    if (already) return already;
    return new Promise<string>((resolve, reject) => {
      const finish = (error?: Error, line?: string) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== onLine);
        if (error) reject(error);
        else resolve(line as string);
      };
      const onLine = () => {
        const line = found();
        if (line) finish(undefined, line);
        else if (!this.running)
          finish(new Error(`${this.name} exited (${describeExit(this.exitStatus!)}) before printing ${pattern}\n${this.tail(80)}`));
      };
      const timer = setTimeout(
        () => finish(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms\n${this.tail(80)}`)),
        timeoutMs,
      );
      this.listeners.push(onLine);
      onLine();
    });
  }

  /** SIGTERM (graceful shutdown); after `graceMs`, SIGKILL of the app through the supervisor, then of the supervisor. */
  async stop(graceMs = 10_000): Promise<ExitStatus> {
    if (!this.running) return this.exitStatus!;
    this.child.kill('SIGTERM');
    if (await settlesWithin(this.exited, graceMs)) return this.exitStatus!;
    this.record('---', `still running ${graceMs} ms after SIGTERM: killing it`);
    this.child.stdin.end(); // the supervisor SIGKILLs the app when its stdin closes
    if (await settlesWithin(this.exited, 5_000)) return this.exitStatus!;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** kill -9 of the app itself, no SIGTERM first (the supervisor SIGKILLs it when its stdin closes). */
  async kill9(): Promise<ExitStatus> {
    if (!this.running) return this.exitStatus!;
    this.child.stdin.end();
    return this.exited;
  }

  /** The last `n` captured lines, framed for a test report. */
  tail(n = 200): string {
    const shown = this.lines.slice(-n);
    const skipped = this.lines.length - shown.length + this.droppedLines;
    const header =
      `----- ${this.name} (pid ${this.pid ?? '?'}, ${this.running ? 'running' : describeExit(this.exitStatus!)})` +
      (skipped > 0 ? `, last ${shown.length} lines of ${this.lines.length + this.droppedLines}` : '') +
      ' -----';
    return [header, ...shown, `----- end of ${this.name} -----`].join('\n');
  }

  private capture(stream: NodeJS.ReadableStream, label: string): void {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) this.record(label, part);
    });
    stream.on('end', () => {
      if (pending) this.record(label, pending);
      pending = '';
    });
  }

  private record(label: string, text: string): void {
    // eslint-disable-next-line no-control-regex -- strips ANSI colour codes (ESC [ … m) from app output
    const line = `+${((Date.now() - this.startedAt) / 1000).toFixed(2).padStart(6)}s ${label} ${text.replace(/\x1b\[[0-9;]*m/g, '')}`;
    this.lines.push(line);
    if (this.lines.length > MAX_LINES) {
      this.lines.shift();
      this.droppedLines += 1;
    }
    if (process.env.VIGIL_E2E_VERBOSE) process.stderr.write(`[${this.name}] ${line}\n`);
    for (const listener of [...this.listeners]) listener();
  }
}

export function describeExit(status: ExitStatus): string {
  return status.signal ? `killed by ${status.signal}` : `exit code ${status.code}`;
}

/** Every app process this test file started that has not exited yet. */
export function liveProcesses(): AppProcess[] {
  return [...live];
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
