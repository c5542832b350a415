import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asMessage, at, CELLKINE_TRIAL, cellKine, cloudEvent, InputCloudEvent } from './support/cellkine-events';
import { useE2eRun } from './support/e2e-harness';

/**
 * The DSMB meeting report (SPEC §5) through the built apps and the real broker: two CellKine subjects with
 * arm values that cannot occur by chance, a serious AE, a Hy's-law visit, a DSMB acknowledgement with a
 * comment. The closed report (HTML and the PDF's text, via pdftotext) holds the AE table rows, the SAE
 * listing, the Hy's-law subject, the arms and the DSMB comment; the open one none of the arms or the comment;
 * a sponsor asking for `closed` gets 403. The same cut-off and position give the same HTML, from the API
 * and from the CLI; an AE dated before the cut-off but published after the first issue is in the reissue's
 * "What changed".
 */
const TRIAL = CELLKINE_TRIAL;
const ZEBRA = { subject: 'CK-R01', arm: 'ARM-ZEBRA-7731' };
const OKAPI = { subject: 'CK-R02', arm: 'ARM-OKAPI-0042' };
const DSMB_COMMENT = 'DSMB-NOTE-WOMBAT-5150: reviewed unblinded';
const FORBIDDEN_IN_OPEN = [ZEBRA.arm, OKAPI.arm, 'ZEBRA', 'OKAPI', 'WOMBAT'];

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-dsmb-e2e-'));
  try {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const squeeze = (text: string) => text.replace(/\s+/g, ' ');

describe('DSMB meeting report (HTML and PDF, closed and open, reissue)', () => {
  const run = useE2eRun('dsmb-report');
  const outDir = mkdtempSync(path.join(tmpdir(), 'vigil-dsmb-cli-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  let dsmb: string;
  let sponsor: string;
  let cutoff: string;
  let firstPosition: string;
  let firstClosedHtml: string;

  const send = (role: 'visits' | 'adverseEvents', ...events: InputCloudEvent<unknown>[]) => run.produce(role, events.map(asMessage));
  const report = (query: string, token: string) => run.http(`/api/trials/${TRIAL}/dsmb-report?${query}`, { token });
  const reportBytes = async (query: string, token: string) => {
    const response = await fetch(`${run.apiUrl}/api/trials/${TRIAL}/dsmb-report?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    const noClock = { VIGIL_CLOCK_INTERVAL_MS: '0' };
    await Promise.all([run.startMonitor(noClock), run.startApi(noClock)]);
    [dsmb, sponsor] = await Promise.all([
      run.mintToken({ role: 'dsmb', trials: [TRIAL], sub: 'dsmb-chair' }),
      run.mintToken({ role: 'sponsor', trials: [TRIAL], sub: 'pv-physician' }),
    ]);
    const enrolled = (s: { subject: string; arm: string }, on: string) =>
      cloudEvent(
        'subject.enrolled',
        s.subject,
        { siteId: 'MAYO-FL', enrolledOn: on, arm: s.arm, sex: 'F', ageYears: 58 },
        { time: at(on, '09:30') },
      );
    await send(
      'visits',
      enrolled(ZEBRA, '2021-01-04'),
      enrolled(OKAPI, '2021-01-05'),
      cellKine.treated(ZEBRA.subject, '2021-01-11'),
      cellKine.treated(OKAPI.subject, '2021-01-12'),
      // Hy's law: ALT 6.25 × ULN (CTCAE grade 3) and total bilirubin 3.33 × ULN (grade 3) in one visit.
      cloudEvent(
        'visit.completed',
        ZEBRA.subject,
        {
          visitCode: 'DAY1',
          visitDate: '2021-01-12',
          labs: [
            { test: 'ALT', value: 250, unit: 'U/L', uln: 40 },
            { test: 'BILI', value: 4, unit: 'mg/dL', uln: 1.2 },
            { test: 'ALP', value: 90, unit: 'U/L', uln: 120 },
          ],
        },
        { time: at('2021-01-12') },
      ),
    );
    await send(
      'adverseEvents',
      cellKine.adverseEvent(ZEBRA.subject, 'CK-R01-AE-01', {}, { time: at('2021-01-13') }),
      cellKine.seriousAdverseEvent(OKAPI.subject, 'CK-R02-AE-01'),
    );
    const saeAlert = await run.waitFor("the SAE and Hy's-law alerts", async () => {
      const [sae] = await run.sql<{ alert_id: string }>(`select alert_id from alerts where ae_id = 'CK-R02-AE-01'`);
      const [hysLaw] = await run.sql(`select 1 from alerts where kind = 'hys-law' and subject_id = $1`, [ZEBRA.subject]);
      return sae && hysLaw ? sae.alert_id : undefined;
    });
    const ack = await run.http(`/api/trials/${TRIAL}/alerts/${saeAlert}/acknowledge`, {
      token: dsmb,
      method: 'POST',
      body: { comment: DSMB_COMMENT },
    });
    expect(ack.status).toBe(200);
    // The cut-off is the acknowledgement itself: everything so far is dated at or before it, and whatever is
    // published from now on is recorded after it.
    cutoff = ack.body.history.find((h: { change: string }) => h.change === 'alert.acknowledged').at;
    await run.waitFor(
      'the acknowledgement in the store',
      async () => (await run.sql(`select 1 from events where type = 'alert.acknowledged'`)).length > 0,
    );

    const first = await report(`cutoff=${encodeURIComponent(cutoff)}&version=closed`, dsmb);
    expect(first.status).toBe(200);
    firstPosition = first.headers.get('x-vigil-store-position')!;
    firstClosedHtml = first.text;
  });

  it('the closed HTML prints the cut-off and position, the arms, the AE rows, the SAE, the Hy’s-law subject and the DSMB comment', () => {
    expect(firstPosition).toMatch(/^\d+$/);
    expect(firstClosedHtml).toContain(`<dd id="cutoff">${new Date(cutoff).toISOString()}</dd>`);
    expect(firstClosedHtml).toContain(`<dd id="position">${firstPosition}</dd>`);
    for (const text of [ZEBRA.arm, OKAPI.arm, DSMB_COMMENT, 'Atrial fibrillation', 'Back pain', 'CK-R02-AE-01'])
      expect(firstClosedHtml).toContain(text);
  });

  it('the same cut-off and position give byte-identical HTML (also without naming the position, while nothing new arrived)', async () => {
    const again = await report(`cutoff=${encodeURIComponent(cutoff)}&version=closed&position=${firstPosition}`, dsmb);
    expect(again.text).toBe(firstClosedHtml);
    const latest = await report(`cutoff=${encodeURIComponent(cutoff)}&version=closed`, dsmb);
    expect(latest.text).toBe(firstClosedHtml);
  });

  it('the closed PDF’s text holds the AE table rows, the SAE listing, the Hy’s-law subject, the cut-off and the position', async () => {
    const pdf = await reportBytes(`cutoff=${encodeURIComponent(cutoff)}&version=closed&format=pdf&position=${firstPosition}`, dsmb);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="NCT04410731-dsmb-closed-[0-9TZ_-]+\.pdf"$/);
    const text = squeeze(pdfText(pdf.body));
    expect(text).toContain(`Data cut-off ${new Date(cutoff).toISOString()}`);
    expect(text).toContain(`Store position ${firstPosition}`);
    // SOC/PT × subjects, AEs, worst grade 1–5, related, not related, serious.
    expect(text).toMatch(/Atrial fibrillation 1 1 0 1 0 0 0 0 1 1/);
    expect(text).toMatch(/Back pain 1 1 1 0 0 0 0 0 1 0/);
    expect(text).toMatch(/Serious adverse events .*CK-R02 ARM-OKAPI-0042 CK-R02-AE-01/);
    expect(text).toMatch(/Hy's law .*CK-R01 ARM-ZEBRA-7731 DAY1 2021-01-12 Potential Hy's law/);
    expect(text).toContain('WOMBAT');
  });

  it('the open version, HTML and PDF, holds the tables but no arm value and no DSMB comment; it says who acknowledged', async () => {
    const open = await report(`cutoff=${encodeURIComponent(cutoff)}&version=open&position=${firstPosition}`, sponsor);
    expect(open.status).toBe(200);
    expect(open.text).toContain('Atrial fibrillation');
    expect(open.text).toContain('alert.acknowledged by dsmb-chair (dsmb)');
    const pdf = await reportBytes(`cutoff=${encodeURIComponent(cutoff)}&version=open&format=pdf&position=${firstPosition}`, sponsor);
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body);
    expect(squeeze(text)).toMatch(/Atrial fibrillation 1 1 0 1 0 0 0 0 1 1/);
    for (const body of [open.text, text]) {
      const lower = body.toLowerCase();
      expect(FORBIDDEN_IN_OPEN.filter((f) => lower.includes(f.toLowerCase()))).toEqual([]);
    }
  });

  it('a sponsor asking for the closed version gets 403', async () => {
    const refused = await report(`cutoff=${encodeURIComponent(cutoff)}&version=closed`, sponsor);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.text).not.toContain('ZEBRA');
  });

  it('the CLI writes the same HTML as the API', async () => {
    const out = path.join(outDir, 'closed.html');
    await run.cli(['dsmb-report', '--trial', TRIAL, '--cutoff', cutoff, '--version', 'closed', '--position', firstPosition, '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(firstClosedHtml);
  });

  it('a reissue after late data says what changed; the first issue can still be reproduced', async () => {
    const late = cellKine.adverseEvent(
      OKAPI.subject,
      'CK-R02-AE-02',
      { term: 'Late reported headache', meddra: undefined, onsetDate: '2021-02-01' },
      { time: at('2021-02-02') },
    );
    await send('adverseEvents', late);
    await run.waitFor(
      'the late AE in the store',
      async () => (await run.sql(`select 1 from events where data->>'aeId' = 'CK-R02-AE-02'`)).length > 0,
    );

    const reissue = await report(`cutoff=${encodeURIComponent(cutoff)}&version=closed&previousPosition=${firstPosition}`, dsmb);
    expect(reissue.status).toBe(200);
    const position = reissue.headers.get('x-vigil-store-position')!;
    expect(BigInt(position)).toBeGreaterThan(BigInt(firstPosition));
    const changed = reissue.text.slice(reissue.text.indexOf('<h2>What changed</h2>'));
    expect(changed).toContain(`recorded after the previous issue&#39;s position ${firstPosition}`);
    expect(changed).toContain('AE CK-R02-AE-02 v1: Late reported headache, grade 1');
    // Without previousPosition: the data dated before the cut-off that arrived after it.
    const lateData = await report(`cutoff=${encodeURIComponent(cutoff)}&version=open`, sponsor);
    expect(lateData.text.slice(lateData.text.indexOf('<h2>What changed</h2>'))).toContain('CK-R02-AE-02');
    // The first issue, asked for by its position, has not changed.
    const reproduced = await report(`cutoff=${encodeURIComponent(cutoff)}&version=closed&position=${firstPosition}`, dsmb);
    expect(reproduced.text).toBe(firstClosedHtml);
  });

  it('hostile parameters answer 4xx problems naming the parameter, never 5xx', async () => {
    const valid: Record<string, string> = { cutoff: encodeURIComponent(cutoff), version: 'open' };
    const hostile: Record<string, string[]> = {
      cutoff: ['0000-01-01T00:00:00Z', '2021-02-30T00:00:00Z', 'now', '2021-03-01T00:00:00', '%00', '0001-01-01T00:00:00%2B14:00'],
      version: ['bogus', 'CLOSED', '', '%00'],
      format: ['csv', '%00', 'PDF'],
      position: ['-1', '9223372036854775808', '1e3', 'x', '%00'],
      previousPosition: ['-1', '99999999999999999999', 'abc'],
    };
    for (const [name, values] of Object.entries(hostile)) {
      for (const value of values) {
        const query = Object.entries({ ...valid, [name]: value })
          .map(([k, v]) => `${k}=${v}`)
          .join('&');
        const answer = await report(query, sponsor);
        const names = (answer.body?.errors ?? []).map((e: { name: string }) => e.name);
        // 0001-01-01T00:00:00+14:00 is a valid time (in 1 BC in UTC): an empty report, not an error.
        expect({ name, value, status: answer.status < 500, problem: answer.status === 200 || names.includes(name) }).toEqual({
          name,
          value,
          status: true,
          problem: true,
        });
      }
    }
    const missing = await report('version=open', sponsor);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { name: string }) => e.name)).toContain('cutoff');
  });

  // Last: it replaces the API with one that has no browser.
  it('without a browser the PDF answers 503 naming it, and the HTML still works', async () => {
    await run.processes.find((p) => p.name.includes('api'))!.stop();
    await run.startApi({ VIGIL_CLOCK_INTERVAL_MS: '0', VIGIL_CHROMIUM: '/nonexistent/chromium' });
    const pdf = await report(`cutoff=${encodeURIComponent(cutoff)}&version=open&format=pdf`, sponsor);
    expect(pdf.status).toBe(503);
    expect(pdf.headers.get('content-type')).toContain('application/problem+json');
    expect(pdf.body.detail).toMatch(/headless Chromium is not available.*VIGIL_CHROMIUM=\/nonexistent\/chromium/);
    const htmlAgain = await report(`cutoff=${encodeURIComponent(cutoff)}&version=closed&position=${firstPosition}`, dsmb);
    expect(htmlAgain.text).toBe(firstClosedHtml);
  });
});
