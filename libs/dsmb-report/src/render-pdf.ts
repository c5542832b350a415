import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** No headless browser to print with: the HTML report still works, the PDF does not. */
export class BrowserUnavailableError extends Error {
  constructor(detail: string) {
    super(`headless Chromium is not available to render the PDF: ${detail} (set VIGIL_CHROMIUM, or run: bash scripts/browser.sh ensure)`);
    this.name = 'BrowserUnavailableError';
  }
}

/**
 * The Chromium binary: `VIGIL_CHROMIUM` when set, else what `scripts/browser.sh path` finds (the script is
 * looked for above this file, so it works from the sources and from dist/). Throws BrowserUnavailableError.
 */
export async function chromiumPath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.VIGIL_CHROMIUM) {
    if (!existsSync(env.VIGIL_CHROMIUM)) throw new BrowserUnavailableError(`VIGIL_CHROMIUM=${env.VIGIL_CHROMIUM} does not exist`);
    return env.VIGIL_CHROMIUM;
  }
  const script = findUp(join('scripts', 'browser.sh'));
  if (!script) throw new BrowserUnavailableError('VIGIL_CHROMIUM is not set and scripts/browser.sh was not found');
  try {
    const { stdout } = await run('bash', [script, 'path'], { timeout: 10_000 });
    const path = stdout.trim();
    if (path) return path;
  } catch {
    // fall through: the script says chromium is not installed
  }
  throw new BrowserUnavailableError('chromium is not installed');
}

function findUp(relative: string): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) return undefined;
  }
}

/** At most this many Chromium processes print at once per process; further PDFs wait their turn. */
export const MAX_CONCURRENT_PRINTS = 2;
let printing = 0;
const waiting: (() => void)[] = [];

async function withPrintSlot<T>(work: () => Promise<T>): Promise<T> {
  if (printing >= MAX_CONCURRENT_PRINTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else printing += 1;
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line, or give it back.
    const next = waiting.shift();
    if (next) next();
    else printing -= 1;
  }
}

/**
 * Prints the HTML to PDF with headless Chromium (a private profile, killed after `timeoutMs`); a browser takes
 * hundreds of MB and seconds of CPU, so a few print at a time (MAX_CONCURRENT_PRINTS).
 */
export async function renderPdf(htmlText: string, options: { chromium?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  const chromium = options.chromium ?? (await chromiumPath());
  return withPrintSlot(() => print(chromium, htmlText, options.timeoutMs ?? 60_000));
}

async function print(chromium: string, htmlText: string, timeoutMs: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-dsmb-'));
  try {
    const htmlFile = join(dir, 'report.html');
    const pdfFile = join(dir, 'report.pdf');
    await writeFile(htmlFile, htmlText, 'utf8');
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${pdfFile}`,
      `file://${htmlFile}`,
    ];
    try {
      await runChromium(chromium, args, timeoutMs, { ...process.env, HOME: dir });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BrowserUnavailableError(`${chromium} not found`);
      if (!existsSync(pdfFile)) throw error;
    }
    if (!existsSync(pdfFile)) throw new Error(`chromium wrote no PDF (${chromium})`);
    return await readFile(pdfFile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs Chromium in its own process group and, when it is done or out of time, kills the whole group: Chromium
 * forks renderer and utility processes that a kill of the main process alone would leave behind.
 */
function runChromium(chromium: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(chromium, args, { detached: true, stdio: 'ignore', env });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`chromium did not print the PDF within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      killGroup();
      if (code === 0) resolve();
      else reject(new Error(`chromium exited with ${code ?? signal}`));
    });
  });
}
