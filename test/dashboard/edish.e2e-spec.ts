import type { Browser } from 'playwright-core';
import { asMessage, at, CELLKINE_TRIAL, cellKine, cloudEvent, InputCloudEvent } from '../support/cellkine-events';
import { useE2eRun } from '../support/e2e-harness';
import { launchBrowser, newPage, signIn } from '../support/browser';

/**
 * eDISH in a real browser: one CellKine subject meets Hy's law (ALT 6.25×ULN with bilirubin 2.5×ULN at the
 * same visit), one has high ALT only, one is normal. The chart must draw the Hy's-law subject in the
 * upper-right quadrant (right of the 3×ULN line, above the 2×ULN line), the others outside it, and a click
 * on that point must open the subject's timeline. Needs GET /api/trials/{trialId}/lab-peaks.
 */
const TRIAL = CELLKINE_TRIAL;
const HY = 'CK-E01';
const ALT_ONLY = 'CK-E02';
const NORMAL = 'CK-E03';

type Point = { subjectId: string; hysLaw: boolean; x: number; y: number };

describe("eDISH in a browser: the Hy's-law subject is in the upper-right quadrant", () => {
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());
  const run = useE2eRun('dashboard-edish');

  const send = (role: 'visits' | 'adverseEvents', ...events: InputCloudEvent<unknown>[]) => run.produce(role, events.map(asMessage));
  const labVisit = (subject: string, alt: number, bili: number) =>
    cloudEvent(
      'visit.completed',
      subject,
      {
        visitCode: 'DAY3_5',
        visitDate: '2021-01-15',
        labs: [
          { test: 'ALT', value: alt, unit: 'U/L', lln: 7, uln: 40 },
          { test: 'BILI', value: bili, unit: 'mg/dL', uln: 1.2 },
        ],
      },
      { time: at('2021-01-15') },
    );

  beforeAll(async () => {
    const [launched] = await Promise.all([launchBrowser(), run.startMonitor(), run.startApi()]);
    browser = launched;
    const subjects = [HY, ALT_ONLY, NORMAL];
    await send(
      'visits',
      ...subjects.flatMap((s) => [cellKine.enrolled(s, '2021-01-04'), cellKine.treated(s, '2021-01-11')]),
      labVisit(HY, 250, 3.0),
      labVisit(ALT_ONLY, 200, 0.6),
      labVisit(NORMAL, 30, 0.5),
    );
    await run.waitFor("the Hy's-law alert", async () => (await run.sql(`select 1 from alerts where kind = 'hys-law'`)).length > 0);
  });

  it('draws the subject right of the ALT line and above the bilirubin line, and a click opens the subject', async () => {
    const dsmb = await run.mintToken({ role: 'dsmb', trials: [TRIAL], sub: 'dsmb-chair' });
    const { context, page } = await newPage(browser!);
    try {
      await signIn(page, run.apiUrl, dsmb, `/trials/${TRIAL}/edish`);
      const chart = page.locator('[data-testid="edish-chart"][data-points]');
      await chart.waitFor();
      const points = JSON.parse((await chart.getAttribute('data-points'))!) as Point[];
      const threshold = JSON.parse((await chart.getAttribute('data-threshold'))!) as { x: number; y: number };
      const upperRight = (p: Point) => p.x > threshold.x && p.y < threshold.y; // screen y grows downwards
      const hy = points.find((p) => p.subjectId === HY);
      expect(hy).toMatchObject({ hysLaw: true });
      expect(upperRight(hy!)).toBe(true);
      for (const other of points.filter((p) => p.subjectId !== HY))
        expect({ subject: other.subjectId, upperRight: upperRight(other) }).toEqual({ subject: other.subjectId, upperRight: false });
      expect(points.find((p) => p.subjectId === ALT_ONLY)!.x).toBeGreaterThan(threshold.x);

      await chart.click({ position: { x: hy!.x, y: hy!.y } });
      await page.waitForURL(`**/trials/${TRIAL}/subjects/${HY}`);
      await page.getByRole('heading', { name: `Subject ${HY}` }).waitFor();
    } finally {
      await context.close();
    }
  });
});
