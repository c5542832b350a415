import type { Browser } from 'playwright-core';
import { CELLKINE_TRIAL } from '../support/cellkine-events';
import { AppProcess, useE2eRun } from '../support/e2e-harness';
import { launchBrowser, newPage } from '../support/browser';

/** Published in libs/platform's config: the API accepts it only on loopback and never in production. */
const DEVELOPMENT_SECRET = 'vigil-local-development-secret';

/**
 * How the API serves the dashboard (SPEC §5 `GET /`): public static files, index.html for client routes,
 * never shadowing /api, /docs, /health or /metrics; and the development sign-in, which exists only while
 * the API runs with the published development secret.
 */
describe('dashboard serving and the development sign-in', () => {
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());
  const run = useE2eRun('dashboard-serving');
  let api: AppProcess;

  beforeAll(async () => {
    api = await run.startApi();
  });

  it('serves the dashboard at / and for client routes, its assets without a token, and leaves the API paths alone', async () => {
    const root = await run.http('/', { headers: { accept: 'text/html' } });
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/text\/html/);
    expect(root.text).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(root.text)?.[1];
    expect(script).toBeDefined();
    const asset = await run.http(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    const clientRoute = await run.http(`/trials/${CELLKINE_TRIAL}/alerts/some-alert`, { headers: { accept: 'text/html' } });
    expect(clientRoute.status).toBe(200);
    expect(clientRoute.text).toBe(root.text);

    const unknownApi = await run.http('/api/no-such-thing', { headers: { accept: 'text/html' } });
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.text).not.toContain('<div id="root">');
    const data = await run.http('/api/trials', { headers: { accept: 'text/html' } });
    expect(data.status).toBe(401);
    expect((await run.http('/health', { headers: { accept: 'text/html' } })).body.status).toMatch(/up|degraded/);
    expect((await run.http('/metrics')).text).toContain('# HELP');
    expect((await run.http('/docs-json')).body.openapi).toBeDefined();
  });

  it('has no development sign-in while the API runs with its own secret', async () => {
    const minted = await run.http('/api/dev/tokens', { method: 'POST', body: { role: 'dsmb', trials: ['*'] } });
    expect(minted.status).toBe(404);
  });

  it('with the development secret on loopback, the sign-in page mints a short-lived token for a chosen role', async () => {
    await api.stop();
    await run.startApi({ AUTH_JWT_SECRET: DEVELOPMENT_SECRET });
    const minted = await run.http('/api/dev/tokens', { method: 'POST', body: { role: 'sponsor', trials: [CELLKINE_TRIAL] } });
    expect(minted.status).toBe(200);
    expect(minted.body.expiresIn).toBeLessThanOrEqual(3600);
    expect((await run.http('/api/trials', { token: minted.body.token })).status).toBe(200);
    expect((await run.http('/api/dev/tokens', { method: 'POST', body: { role: 'admin', trials: ['*'] } })).status).toBe(400);

    browser = await launchBrowser();
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${run.apiUrl}/`);
      await page.getByLabel('Role').selectOption('sponsor');
      await page.getByLabel(/Trials/).fill(CELLKINE_TRIAL);
      await page.getByRole('button', { name: 'Mint a token and sign in' }).click();
      await page.getByTestId('who').filter({ hasText: 'Sponsor (blinded)' }).waitFor();
      await page.getByRole('heading', { name: 'Trials' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
