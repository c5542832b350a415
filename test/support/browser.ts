import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page, Response } from 'playwright-core';

/**
 * The browser tests' Chromium: Debian's package (Playwright's own download cannot work here), from
 * VIGIL_CHROMIUM (npm test sets it with `scripts/browser.sh ensure`) or else `scripts/browser.sh path`.
 */
export function chromiumPath(): string {
  const given = process.env.VIGIL_CHROMIUM?.trim();
  if (given) return given;
  const script = path.join(__dirname, '..', '..', 'scripts', 'browser.sh');
  return execFileSync('bash', [script, 'path'], { encoding: 'utf8' }).trim();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'], headless: true });
}

/** A fresh browser context at the dashboard's target size (1280×800). */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export interface RecordedResponse {
  url: string;
  status: number;
  body: string;
}

/**
 * Records every response the page receives, bodies included (the streamed SSE body is read from the page
 * side, see `streamedText`). Call before navigating.
 */
export function recordResponses(page: Page): { responses: RecordedResponse[]; settled: () => Promise<void> } {
  const responses: RecordedResponse[] = [];
  const pending = new Set<Promise<void>>();
  page.on('response', (response: Response) => {
    const work = (async () => {
      let body = '';
      if (!/text\/event-stream/.test(response.headers()['content-type'] ?? '')) {
        body = await response.text().catch(() => '');
      }
      responses.push({ url: response.url(), status: response.status(), body });
    })();
    pending.add(work);
    void work.finally(() => pending.delete(work));
  });
  return { responses, settled: async () => void (await Promise.all([...pending])) };
}

/** Signs in on the dashboard by pasting a token into the sign-in form. */
export async function signIn(page: Page, apiUrl: string, token: string, landing = '/'): Promise<void> {
  await page.goto(`${apiUrl}/sign-in`);
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  if (landing !== '/') await page.goto(`${apiUrl}${landing}`);
}

/**
 * Keeps a copy of every Server-Sent Events body the page reads (the dashboard streams them with fetch, which
 * page.on('response') cannot read while the stream is open): `fetch` is wrapped before any page script runs,
 * the body teed, and its text kept in the page. Read it with `streamedText`.
 */
export async function recordStreams(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const store = globalThis as unknown as { vigilStreamed: string };
    store.vigilStreamed = '';
    const original = globalThis.fetch.bind(globalThis);
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await original(...args);
      if (!/text\/event-stream/.test(response.headers.get('content-type') ?? '') || !response.body) return response;
      const [forPage, forTest] = response.body.tee();
      void (async () => {
        const reader = forTest.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          store.vigilStreamed += value;
        }
      })();
      return new Response(forPage, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
  });
}

export function streamedText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { vigilStreamed?: string }).vigilStreamed ?? '');
}
