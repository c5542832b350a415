import type { Browser, Page } from 'playwright-core';
import { asMessage, at, CELLKINE_TRIAL, cellKine, cloudEvent, InputCloudEvent } from '../support/cellkine-events';
import { useE2eRun } from '../support/e2e-harness';
import { launchBrowser, newPage, recordResponses, RecordedResponse, recordStreams, signIn, streamedText } from '../support/browser';

/**
 * The DSMB dashboard in a real browser (Debian's chromium through playwright-core), on the built API and
 * monitor: a DSMB member acknowledges a critical alert and sees it in the alert's history; an SAE published
 * to Kafka appears in an open inbox without a reload; a sponsor's session holds no arm value in any page or
 * response while a DSMB session of the same data shows the arm.
 */
const TRIAL = CELLKINE_TRIAL;
const ZEBRA = { subject: 'CK-D01', arm: 'ARM-ZEBRA-7731' };
const OKAPI = { subject: 'CK-D02', arm: 'ARM-OKAPI-0042' };
const LIVE_SUBJECT = 'CK-D03';
const ARM_WORDS = [ZEBRA.arm, OKAPI.arm, 'ZEBRA', 'OKAPI'].map((w) => w.toLowerCase());
const COMMENT = 'Reviewed the unblinded listing; enrolment continues (browser test)';

describe('dashboard in a browser: acknowledge, live inbox, blinding', () => {
  let browser: Browser | undefined;
  // Before useE2eRun's afterAll: an open page keeps an SSE connection that would hold the API's shutdown.
  afterAll(async () => browser?.close());
  const run = useE2eRun('dashboard');
  let dsmb: string;
  let sponsor: string;

  const send = (role: 'visits' | 'adverseEvents', ...events: InputCloudEvent<unknown>[]) => run.produce(role, events.map(asMessage));
  const enrolled = (s: { subject: string; arm: string }, on: string) =>
    cloudEvent(
      'subject.enrolled',
      s.subject,
      { siteId: 'MAYO-FL', enrolledOn: on, arm: s.arm, sex: 'M', ageYears: 61 },
      { time: at(on, '09:30') },
    );
  const relatedGrade3 = (subject: string, aeId: string, time: string) =>
    cellKine.adverseEvent(
      subject,
      aeId,
      {
        term: 'Injection site swelling',
        meddra: {
          ptCode: '10053425',
          pt: 'Injection site swelling',
          socCode: '10018065',
          soc: 'General disorders and administration site conditions',
        },
        onsetDate: '2021-01-13',
        grade: 3,
        causality: 'probably',
        expectedness: 'expected',
      },
      { time },
    );

  beforeAll(async () => {
    const [launched] = await Promise.all([launchBrowser(), run.startMonitor(), run.startApi()]);
    browser = launched;
    [dsmb, sponsor] = await Promise.all([
      run.mintToken({ role: 'dsmb', trials: [TRIAL], sub: 'dsmb-chair' }),
      run.mintToken({ role: 'sponsor', trials: [TRIAL], sub: 'pv-physician' }),
    ]);
    await send(
      'visits',
      enrolled(ZEBRA, '2021-01-04'),
      enrolled(OKAPI, '2021-01-05'),
      enrolled({ subject: LIVE_SUBJECT, arm: ZEBRA.arm }, '2021-01-06'),
      cellKine.treated(ZEBRA.subject, '2021-01-11'),
      cellKine.treated(OKAPI.subject, '2021-01-12'),
      cellKine.treated(LIVE_SUBJECT, '2021-01-12'),
      cellKine.visitCompleted(ZEBRA.subject, 'DAY1', '2021-01-12'),
    );
    // Two subjects with a related grade 3 AE: the stopping rule (a critical alert).
    await send('adverseEvents', relatedGrade3(ZEBRA.subject, 'CK-D01-AE-01', '2021-01-14T10:00:00Z'));
    await send('adverseEvents', relatedGrade3(OKAPI.subject, 'CK-D02-AE-01', '2021-01-16T10:00:00Z'));
    await run.waitFor('the critical stopping-rule alert', async () => {
      const rows = await run.sql(`select 1 from alerts where kind = 'stopping-rule' and severity = 'critical'`);
      return rows.length > 0;
    });
  });

  it('a DSMB member acknowledges a critical alert with a comment and sees it in the history', async () => {
    const { context, page } = await newPage(browser!);
    try {
      await signIn(page, run.apiUrl, dsmb, `/trials/${TRIAL}/alerts`);
      await page.getByLabel('Severity').selectOption('critical');
      await page.getByLabel('Status').selectOption('open');
      const row = page.locator('table.alerts tbody tr').first();
      await row.getByRole('link').first().click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectText(page.getByTestId('alert-status'), 'open');
      await page.getByRole('button', { name: 'Acknowledge' }).click();
      await page.getByLabel(/Comment/).fill(COMMENT);
      await page.getByRole('button', { name: 'Confirm acknowledge' }).click();
      await expectText(page.getByTestId('alert-status'), 'acknowledged');
      const entry = page.getByTestId('alert-history').locator('tr', { hasText: 'alert.acknowledged' });
      await entry.waitFor();
      const text = await entry.innerText();
      expect(text).toContain(COMMENT);
      expect(text).toContain('dsmb-chair');
      expect(text).toContain('dsmb');
    } finally {
      await context.close();
    }
  });

  it('an SAE published to Kafka appears in an open inbox within seconds, without a reload', async () => {
    const { context, page } = await newPage(browser!);
    try {
      await signIn(page, run.apiUrl, dsmb, `/trials/${TRIAL}/alerts`);
      await page.locator('table.alerts tbody tr').first().waitFor();
      await expectText(page.getByTestId('live-state'), 'Live');
      await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
      expect(await page.locator('tr', { hasText: LIVE_SUBJECT }).count()).toBe(0);

      const published = Date.now();
      await send('adverseEvents', cellKine.seriousAdverseEvent(LIVE_SUBJECT, 'CK-D03-AE-01', { time: '2021-03-02T09:15:00Z' }));
      const row = page.locator('table.alerts tbody tr', { hasText: LIVE_SUBJECT });
      await row.waitFor({ timeout: 20_000 });
      const seconds = (Date.now() - published) / 1000;
      expect(await row.innerText()).toMatch(/new\/updated/);
      expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(seconds).toBeLessThan(20);
    } finally {
      await context.close();
    }
  });

  it('the data cut-off applies to every request: the inbox as of before the second AE lacks it and the stopping rule', async () => {
    const { context, page } = await newPage(browser!);
    try {
      await signIn(page, run.apiUrl, dsmb, `/trials/${TRIAL}/alerts`);
      await page.locator('table.alerts tbody tr', { hasText: OKAPI.subject }).first().waitFor();
      await page.locator('table.alerts tbody tr', { hasText: 'stopping-rule' }).first().waitFor();
      const requested: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/')) requested.push(request.url());
      });
      await page.getByLabel('Data cut-off (UTC)').fill('2021-01-15T00:00');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('status').filter({ hasText: 'Data cut-off' }).waitFor();
      await page.locator('table.alerts tbody tr', { hasText: OKAPI.subject }).first().waitFor({ state: 'detached' });
      await page.locator('table.alerts tbody tr', { hasText: ZEBRA.subject }).first().waitFor();
      expect(await page.locator('table.alerts tbody tr', { hasText: 'stopping-rule' }).count()).toBe(0);
      // Other screens keep the cut-off (it lives in the tab's session).
      await page.goto(`${run.apiUrl}/trials/${TRIAL}/incidence`);
      await page.locator('tr.soc-row').first().waitFor();
      expect(requested.length).toBeGreaterThan(0);
      expect(requested.filter((url) => new URL(url).searchParams.get('asOf') !== '2021-01-15T00:00:00Z')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  describe('blinding', () => {
    /** Every screen a user can reach for this trial, each waited on until its data is shown. */
    async function visitEveryScreen(page: Page): Promise<string[]> {
      const texts: string[] = [];
      const alertId = (await run.sql<{ alert_id: string }>(`select alert_id from alerts where kind = 'stopping-rule' limit 1`))[0].alert_id;
      const screens: [string, (p: Page) => Promise<unknown>][] = [
        ['/', (p) => p.locator('.card h2').first().waitFor()],
        [`/trials/${TRIAL}/alerts`, (p) => p.locator('table.alerts tbody tr').first().waitFor()],
        [
          `/trials/${TRIAL}/alerts/${encodeURIComponent(alertId)}`,
          (p) => p.getByTestId('alert-history').locator('tbody tr').first().waitFor(),
        ],
        [
          `/trials/${TRIAL}/subjects/${ZEBRA.subject}`,
          (p) => p.getByRole('table', { name: 'Timeline entries' }).locator('tbody tr').first().waitFor(),
        ],
        [
          `/trials/${TRIAL}/subjects/${OKAPI.subject}`,
          (p) => p.getByRole('table', { name: 'Timeline entries' }).locator('tbody tr').first().waitFor(),
        ],
        [`/trials/${TRIAL}/incidence`, (p) => p.locator('tr.soc-row').first().waitFor()],
        [`/trials/${TRIAL}/edish`, (p) => p.locator('main :is(table, .error)').first().waitFor()],
        [`/trials/${TRIAL}/visits`, (p) => p.locator('main :is(table, .error)').last().waitFor()],
      ];
      for (const [path, ready] of screens) {
        await page.goto(`${run.apiUrl}${path}`);
        await ready(page);
        await page.locator('text=/Loading /').waitFor({ state: 'detached' });
        texts.push(`${path}: ${await page.locator('body').innerText()}`);
      }
      return texts;
    }

    const armLeaks = (text: string) => ARM_WORDS.filter((w) => text.toLowerCase().includes(w));

    it('a sponsor session holds no arm value in any page or response; a DSMB session of the same data shows the arm', async () => {
      const sponsorSession = await newPage(browser!);
      const dsmbSession = await newPage(browser!);
      try {
        const sponsorSeen = recordResponses(sponsorSession.page);
        await recordStreams(sponsorSession.page);
        await signIn(sponsorSession.page, run.apiUrl, sponsor);
        const sponsorPages = await visitEveryScreen(sponsorSession.page);
        // The live stream too: with the sponsor's inbox open, a DSMB member closes the stopping-rule alert
        // (whose DSMB evidence names both arms) with a comment; the sponsor's stream carries the change.
        await sponsorSession.page.goto(`${run.apiUrl}/trials/${TRIAL}/alerts`);
        await expectText(sponsorSession.page.getByTestId('live-state'), 'Live');
        const ruleId = (await run.sql<{ alert_id: string }>(`select alert_id from alerts where kind = 'stopping-rule' limit 1`))[0]
          .alert_id;
        const closed = await run.http(`/api/trials/${TRIAL}/alerts/${encodeURIComponent(ruleId)}/close`, {
          token: dsmb,
          method: 'POST',
          body: { comment: `Closed after review of ${ZEBRA.arm} and ${OKAPI.arm}` },
        });
        expect(closed.status).toBe(200);
        expect(JSON.stringify(closed.body)).toContain(ZEBRA.arm);
        await run.waitFor("the closing on the sponsor's live stream", async () =>
          /alert\.closed/.test(await streamedText(sponsorSession.page)),
        );
        expect(armLeaks(await streamedText(sponsorSession.page))).toEqual([]);
        expect(await sponsorSession.page.getByRole('button', { name: /Acknowledge|Close/ }).count()).toBe(0);
        await sponsorSession.page.getByRole('button', { name: /DSMB report \(open\)/ }).waitFor();
        await sponsorSession.page.goto(`${run.apiUrl}/trials/${TRIAL}/incidence`);
        expect(await sponsorSession.page.getByLabel(/Arm/).count()).toBe(0);
        await sponsorSeen.settled();

        const apiResponses = sponsorSeen.responses.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
        expect(apiResponses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(6);
        const leaking = (rs: RecordedResponse[]) =>
          rs.filter((r) => armLeaks(r.body).length > 0 || /"arm"\s*:|"byArm"/.test(r.body)).map((r) => r.url);
        expect(leaking(sponsorSeen.responses)).toEqual([]);
        expect(sponsorPages.filter((t) => armLeaks(t).length > 0)).toEqual([]);

        const dsmbSeen = recordResponses(dsmbSession.page);
        await signIn(dsmbSession.page, run.apiUrl, dsmb);
        const dsmbPages = await visitEveryScreen(dsmbSession.page);
        await dsmbSeen.settled();
        // The control: the same screens as the DSMB show and fetch the arm, so the sponsor's check is not vacuous.
        expect(dsmbPages.find((t) => t.includes(`/subjects/${ZEBRA.subject}:`))).toContain(ZEBRA.arm);
        expect(dsmbPages.find((t) => t.includes('/incidence:'))).toContain(OKAPI.arm);
        expect(leaking(dsmbSeen.responses).length).toBeGreaterThan(0);
      } finally {
        await sponsorSession.context.close();
        await dsmbSession.context.close();
      }
    });
  });
});

/** Waits until the locator's text contains `text`. */
async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor();
}
