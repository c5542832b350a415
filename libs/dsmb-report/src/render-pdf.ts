import { execFile } from 'node:child_process';
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

/** Prints the HTML to PDF with headless Chromium (a private profile, killed after `timeoutMs`). */
export async function renderPdf(htmlText: string, options: { chromium?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  const chromium = options.chromium ?? (await chromiumPath());
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
      await run(chromium, args, { timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL', env: { ...process.env, HOME: dir } });
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
