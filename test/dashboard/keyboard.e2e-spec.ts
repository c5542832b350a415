import type { Browser, Page } from 'playwright-core';
import { asMessage, at, CELLKINE_TRIAL, cellKine, cloudEvent } from '../support/cellkine-events';
import { useE2eRun } from '../support/e2e-harness';
import { launchBrowser, newPage, signIn } from '../support/browser';

/**
 * The dashboard without a mouse: a DSMB member signs in, reaches the inbox, opens a serious AE's alert and
 * acknowledges it with a comment using only Tab, Shift+Tab, typing and Enter; every element that takes the
 * focus on the way shows a visible focus ring. And every screen passes axe-core's WCAG 2 A/AA rules
 * (labelled controls, names on links and buttons, contrast) at 1280×800.
 */
const TRIAL = CELLKINE_TRIAL;
const SUBJECT = 'CK-K01';
const COMMENT = 'Seen in the meeting, keyboard only';

interface Focused {
  tag: string;
  name: string;
  ring: boolean;
}

describe('dashboard from the keyboard, and axe-core on every screen', () => {
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());
  const run = useE2eRun('dashboard-keyboard');
  let dsmb: string;
  let alertId: string;

  beforeAll(async () => {
    const [launched] = await Promise.all([launchBrowser(), run.startMonitor(), run.startApi()]);
    browser = launched;
    dsmb = await run.mintToken({ role: 'dsmb', trials: [TRIAL], sub: 'dsmb-keyboard' });
    await run.produce(
      'visits',
      [
        cellKine.enrolled(SUBJECT, '2021-01-04'),
        cellKine.treated(SUBJECT, '2021-01-11'),
        cloudEvent(
          'visit.completed',
          SUBJECT,
          { visitCode: 'DAY3_5', visitDate: '2021-01-15', labs: [{ test: 'ALT', value: 250, unit: 'U/L', lln: 7, uln: 40 }] },
          { time: at('2021-01-15') },
        ),
      ].map(asMessage),
    );
    await run.produce('adverseEvents', [asMessage(cellKine.seriousAdverseEvent(SUBJECT, 'CK-K01-AE-01'))]);
    alertId = await run.waitFor('the SAE alert', async () => {
      const [row] = await run.sql(`select alert_id from alerts where kind = 'adverse-event' and subject_id = $1`, [SUBJECT]);
      return row?.alert_id as string | undefined;
    });
  });

  /** Presses Tab (or Shift+Tab) until the focused element's accessible text matches, recording each stop. */
  async function tabTo(page: Page, name: RegExp, trail: Focused[], key = 'Tab'): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press(key);
      const focused = await page.evaluate<Focused | undefined>(FOCUSED);
      if (!focused) continue;
      trail.push(focused);
      if (name.test(focused.name)) return;
    }
    throw new Error(`no focusable element named ${name} within 80 presses of ${key}; passed: ${trail.map((f) => f.name).join(' | ')}`);
  }

  it('signs in, opens an alert and acknowledges it using only the keyboard, the focus always visible', async () => {
    const { context, page } = await newPage(browser!);
    const trail: Focused[] = [];
    try {
      await page.goto(`${run.apiUrl}/sign-in`);
      await tabTo(page, /^Bearer token$/, trail);
      await page.keyboard.insertText(dsmb);
      await tabTo(page, /^Sign in$/, trail);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      await page.goto(`${run.apiUrl}/trials/${TRIAL}/alerts`);
      await page.getByRole('link', { name: /Serious adverse event/ }).waitFor();
      await tabTo(page, /^Skip to content$/, trail);
      await page.keyboard.press('Enter'); // the skip link moves the focus past the header
      await tabTo(page, /Serious adverse event/, trail);
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/alerts/${encodeURIComponent(alertId)}`);
      await page.getByTestId('alert-history').waitFor();

      await tabTo(page, /^Acknowledge$/, trail);
      await page.keyboard.press('Enter');
      await page.keyboard.insertText(COMMENT); // the comment box takes the focus when the form opens
      await tabTo(page, /^Confirm acknowledge$/, trail);
      await page.keyboard.press('Enter');
      await page.getByTestId('alert-status').filter({ hasText: 'acknowledged' }).waitFor();
      await page.getByTestId('alert-history').getByText(COMMENT).waitFor();

      await tabTo(page, /^Acknowledge$|Close/, trail, 'Shift+Tab'); // and back up the page
      const withoutRing = trail.filter((f) => !f.ring);
      expect(withoutRing).toEqual([]);
      expect(trail.length).toBeGreaterThan(5);
    } finally {
      await context.close();
    }
  });

  it('every screen: no axe-core WCAG 2 A/AA violation (labels, names, contrast)', async () => {
    const screens: [string, string][] = [
      ['overview', '/'],
      ['inbox', `/trials/${TRIAL}/alerts`],
      ['alert detail', `/trials/${TRIAL}/alerts/${encodeURIComponent(alertId)}`],
      ['subject timeline', `/trials/${TRIAL}/subjects/${SUBJECT}`],
      ['AE incidence', `/trials/${TRIAL}/incidence`],
      ['eDISH', `/trials/${TRIAL}/edish`],
      ['visits and stopping rules', `/trials/${TRIAL}/visits`],
    ];
    const { context, page } = await newPage(browser!);
    const violations: Record<string, string[]> = {};
    try {
      await page.goto(`${run.apiUrl}/sign-in`);
      violations['sign-in'] = await axeViolations(page);
      await signIn(page, run.apiUrl, dsmb);
      for (const [screen, path] of screens) {
        await page.goto(`${run.apiUrl}${path}`);
        await page.locator('main h1').first().waitFor();
        await page
          .locator('main .loading')
          .first()
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        violations[screen] = await axeViolations(page);
      }
    } finally {
      await context.close();
    }
    expect(violations).toEqual(Object.fromEntries(['sign-in', ...screens.map(([screen]) => screen)].map((screen) => [screen, []])));
  });
});

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate<string[]>(AXE_VIOLATIONS);
}

// Run in the page (strings: the tests' TypeScript has no DOM types).
/** The focused element: its tag, accessible text, and whether a focus ring (outline ≥ 2px or a shadow) shows. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return undefined;
  const label = el.id ? document.querySelector('label[for="' + el.id + '"]')?.textContent : undefined;
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  return { tag: el.tagName.toLowerCase(), name: (el.getAttribute('aria-label') ?? label ?? el.textContent ?? '').trim(), ring };
})()`;

const AXE_VIOLATIONS = `axe
  .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then((result) => result.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`;
