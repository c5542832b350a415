#!/usr/bin/env node
'use strict';
// npm run screenshots: the README's dashboard and report pictures, taken from the stack `npm run demo` left
// running, the way a newcomer would get there: the demo's DSMB sign-in link to CellKine's eDISH view, a click on
// the Hy's-law point, then the trials overview, the inbox, an alert, the AE incidence and the first pages of the closed report.
// Fails (exit 1) when the eDISH view shows no Hy's-law subject or a click does not open it, so it doubles as
// a check of the demo's "find the Hy's-law subject from eDISH" path.
//
//   PORT=3000 VIGIL_CHROMIUM=/usr/bin/chromium node scripts/screenshots.js [out-dir]   (default docs/screenshots)

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.join(__dirname, '..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs', 'screenshots'));
const BASE = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const CELLKINE = 'NCT04410731';
const INCIDENCE_TRIAL = 'MSC-EPIDURAL-IV-48';
const CUTOFF = '2030-01-01T00:00:00Z';

const cli = (...args) => execFileSync('node', [path.join(ROOT, 'dist/apps/cli/src/main.js'), ...args], { encoding: 'utf8' }).trim();
const browserPath = () =>
  process.env.VIGIL_CHROMIUM?.trim() ||
  execFileSync('bash', [path.join(ROOT, 'scripts/browser.sh'), 'ensure'], { encoding: 'utf8' }).trim();

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const token = cli('mint-token', '--role', 'dsmb', '--trials', '*', '--sub', 'demo-dsmb', '--ttl', '1h');
  const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'], headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const shot = async (name) => {
      await page.waitForLoadState('networkidle').catch(() => undefined); // the live stream keeps one request open
      await page.waitForTimeout(600); // chart animations settle
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
      console.log(`wrote ${path.relative(ROOT, path.join(OUT, `${name}.png`))}`);
    };

    const started = Date.now();
    await page.goto(`${BASE}/trials/${CELLKINE}/edish#token=${token}`);
    const chart = page.locator('[data-testid="edish-chart"][data-points]');
    await chart.waitFor();
    const points = JSON.parse(await chart.getAttribute('data-points'));
    const hy = points.find((p) => p.hysLaw);
    if (!hy) throw new Error(`the eDISH view of ${CELLKINE} shows no Hy's-law subject (${points.length} points)`);
    await shot('edish');
    await chart.click({ position: { x: hy.x, y: hy.y } });
    await page.getByRole('heading', { name: `Subject ${hy.subjectId}` }).waitFor();
    console.log(`demo link → eDISH → Hy's-law subject ${hy.subjectId}: ${Date.now() - started} ms`);
    await shot('subject-timeline');

    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { name: CELLKINE }).first().waitFor();
    await shot('overview');

    await page.goto(`${BASE}/trials/${CELLKINE}/alerts`);
    await page.getByRole('table').first().waitFor();
    await shot('inbox');
    await page
      .getByRole('link', { name: /hys-law|Hy's law/i })
      .first()
      .click();
    await page.getByTestId('alert-history').waitFor();
    await shot('alert-detail');

    await page.goto(`${BASE}/trials/${INCIDENCE_TRIAL}/incidence`);
    await page.locator('.chart canvas, .chart svg').first().waitFor();
    await shot('ae-incidence');

    const report = await page.request.get(`${BASE}/api/trials/${CELLKINE}/dsmb-report?cutoff=${CUTOFF}&version=closed&format=pdf`, {
      headers: { Authorization: `Bearer ${token}` },
      timeout: 60_000,
    });
    if (!report.ok()) throw new Error(`the DSMB report answered ${report.status()}: ${await report.text()}`);
    const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-shots-')), 'report.pdf');
    fs.writeFileSync(pdf, await report.body());
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(OUT, 'report-page-1')]);
    console.log(`wrote ${path.relative(ROOT, path.join(OUT, 'report-page-1.png'))}`);
    await context.close();
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`screenshots: ${error.message}`);
  process.exit(1);
});
