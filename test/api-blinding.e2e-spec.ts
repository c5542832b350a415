import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asMessage, at, CELLKINE_TRIAL, cellKine, cloudEvent, InputCloudEvent } from './support/cellkine-events';
import { Collector, useE2eRun } from './support/e2e-harness';
import { openSse, SseConnection } from './support/api-matrix/sse';

/**
 * SPEC §5 blinding, end to end: two CellKine subjects enrolled with arm values that cannot occur by chance
 * get related grade 3 AEs (RELATED + SEVERE alerts, the two-subject stopping rule whose evidence lists each
 * subject's arm for the DSMB), one escalates to a SUSAR (the related-SAE stopping rule), one has a graded
 * lab. Then every byte a SPONSOR can obtain is gathered: every GET endpoint (JSON and CSV, with and without
 * asOf), every alert by id, the SSE stream (connected before the first event and again after the last), the
 * notification feed page by page, the public /health and /metrics, and the raw Kafka notification topic.
 * None may contain an arm value (case-insensitive, also just "zebra"/"okapi") nor an arm-named key.
 * The run's protocol declares CellKine blinded (as if placebo-controlled), so the treatment product, dose and
 * route each subject received are blinded too, and a DSMB member's acknowledgement comment must never reach a
 * sponsor: not in a response, not in the stored `notifications` rows, not on the topic. The DSMB (and safety
 * officer) controls prove all of it is really there to leak, so the test cannot pass vacuously.
 */
const TRIAL = CELLKINE_TRIAL;
const ZEBRA = { subject: 'CK-B01', arm: 'ARM-ZEBRA-7731' };
const OKAPI = { subject: 'CK-B02', arm: 'ARM-OKAPI-0042' };
/**
 * Any of these in a sponsor-visible byte is a leak: the arm values and their distinctive words (a derived
 * code such as ARMCD "ZEBRA" would be caught too). The digits alone are not searched: "0042" can occur by
 * chance in a UUID or a time.
 */
/** What each subject received: in a placebo-controlled trial the product, dose and route name the arm. */
const TREATMENT = { product: 'PRODUCT-KUDU-4417', dose: 'DOSE-IBEX-2290', route: 'ROUTE-TAPIR-8813' };
/** A DSMB member's comment (never shown to sponsors) and a safety officer's (shown: SPEC §5 withholds only DSMB comments). */
const DSMB_COMMENT = 'DSMB-NOTE-WOMBAT-5150: unblinded tables reviewed, enrolment paused';
const SAFETY_OFFICER_COMMENT = 'SO-NOTE-HERON-6021: reported to the IND';
const FORBIDDEN = [
  ZEBRA.arm,
  OKAPI.arm,
  'ZEBRA',
  'OKAPI',
  ...Object.values(TREATMENT),
  'KUDU',
  'IBEX',
  'TAPIR',
  DSMB_COMMENT,
  'WOMBAT',
].map((s) => s.toLowerCase());

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-blinding-pdf-'));
  try {
    writeFileSync(path.join(dir, 'report.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The shipped protocols, with CellKine declared blinded: this run's VIGIL_PROTOCOLS_DIR. */
function blindedProtocolsDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-blinded-protocols-'));
  const shipped = path.join(__dirname, '..', 'protocols');
  for (const name of readdirSync(shipped).filter((n) => n.endsWith('.yaml'))) copyFileSync(path.join(shipped, name), path.join(dir, name));
  const file = path.join(dir, 'cellkine-nct04410731.yaml');
  const yaml = readFileSync(file, 'utf8')
    .replace(/^design: .*$/m, 'design: randomised, double-blind, placebo-controlled')
    .replace(/^blinding:\n {2}blinded: false$/m, 'blinding:\n  blinded: true');
  if (!yaml.includes('blinded: true')) throw new Error('could not declare CellKine blinded: has its protocol file changed?');
  writeFileSync(file, yaml);
  return dir;
}
/** A key that names the arm or something computed from it (arm, ARMCD, ACTARM, byArm, armCounts, treatmentArm …). */
const ARM_KEY = /arm/i;
const NOT_ARM_KEYS = /alarm|pharm|harm|warm|farm/i;

/** Input times (CloudEvent `time`): asOf cuts between them. */
const T = {
  zebraAe: '2021-01-14T10:00:00Z',
  midAsOf: '2021-01-15T00:00:00Z', // ZEBRA's AE only: no stopping rule yet
  okapiAe: '2021-01-16T10:00:00Z', // two subjects with a related grade 3 AE → stopping rule
  lateAsOf: '2021-01-17T00:00:00Z',
  zebraSusar: '2021-01-18T10:00:00Z', // serious, related, unexpected → SUSAR, related-SAE stopping rule
};

const INJECTION_SITE_SWELLING = {
  ptCode: '10053425',
  pt: 'Injection site swelling',
  socCode: '10018065',
  soc: 'General disorders and administration site conditions',
};

interface Seen {
  label: string;
  status: number;
  text: string;
  /** Headers too: a sponsor sees them. */
  headers: string;
  json?: unknown;
}

function armKeysIn(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => armKeysIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => [
      ...(ARM_KEY.test(key) && !NOT_ARM_KEYS.test(key) ? [`${path}.${key}`] : []),
      ...armKeysIn(v, `${path}.${key}`),
    ]);
  }
  return [];
}

function leaksIn(text: string): string[] {
  const lower = text.toLowerCase();
  return FORBIDDEN.filter((f) => lower.includes(f));
}

/** CSV header columns that name the arm (SDTM ARM, ARMCD, ACTARM, ACTARMCD, or any *arm* column). */
function armColumnsOf(csv: string): string[] {
  const header = csv.split(/\r?\n/)[0] ?? '';
  return header
    .split(',')
    .map((c) => c.replace(/^"|"$/g, ''))
    .filter((c) => ARM_KEY.test(c) && !NOT_ARM_KEYS.test(c));
}

describe('blinding: no arm, blinded treatment or DSMB comment in any sponsor-visible byte', () => {
  let earlyStream: SseConnection | undefined;
  const protocolsDir = blindedProtocolsDir();
  // Declared before useE2eRun so that it runs before the harness stops the API: an open SSE connection
  // keeps the API from exiting on SIGTERM.
  afterAll(async () => {
    await earlyStream?.close();
    rmSync(protocolsDir, { recursive: true, force: true });
  });
  const run = useE2eRun('api-blinding');
  let kafkaNotifications: Collector;
  let sponsor: string;
  let sponsorEverywhere: string;
  let dsmb: string;
  let safetyOfficer: string;
  const seen: Seen[] = [];
  let alertIds: string[] = [];
  let stoppingRuleIds: string[] = [];

  const send = (role: 'visits' | 'adverseEvents', ...events: InputCloudEvent<unknown>[]) => run.produce(role, events.map(asMessage));
  const relatedGrade3 = (subject: string, aeId: string, time: string, patch: Record<string, unknown> = {}) =>
    cellKine.adverseEvent(
      subject,
      aeId,
      {
        term: 'Injection site swelling',
        meddra: INJECTION_SITE_SWELLING,
        onsetDate: '2021-01-13',
        grade: 3,
        causality: 'probably',
        expectedness: 'expected',
        ...patch,
      },
      { time },
    );

  /** A sponsor request: recorded (whatever its status) so that every byte is searched. */
  const asSponsor = async (path: string, options: { token?: string; accept?: string; allow?: number[] } = {}) => {
    const response = await run.http(path, { token: options.token ?? sponsor, headers: options.accept ? { accept: options.accept } : {} });
    const entry: Seen = {
      label: `GET ${path}`,
      status: response.status,
      text: response.text,
      headers: JSON.stringify([...response.headers.entries()]),
      json: typeof response.body === 'string' ? undefined : response.body,
    };
    seen.push(entry);
    const allowed = options.allow ?? [200];
    if (!allowed.includes(response.status))
      throw new Error(`sponsor GET ${path} answered ${response.status}: ${response.text.slice(0, 300)}`);
    return response;
  };

  beforeAll(async () => {
    kafkaNotifications = await run.collect('notifications');
    const env = { VIGIL_PROTOCOLS_DIR: protocolsDir };
    await Promise.all([run.startMonitor(env), run.startApi(env)]);
    [sponsor, sponsorEverywhere, dsmb, safetyOfficer] = await Promise.all([
      run.mintToken({ role: 'sponsor', trials: [TRIAL], sub: 'pv-physician' }),
      run.mintToken({ role: 'sponsor', trials: ['*'], sub: 'pv-lead' }),
      run.mintToken({ role: 'dsmb', trials: [TRIAL], sub: 'dsmb-chair' }),
      run.mintToken({ role: 'safety-officer', trials: [TRIAL], sub: 'safety-officer-1' }),
    ]);
    // Connected before anything happens: every notification reaches it live.
    const live = await openSse(`${run.apiUrl}/api/trials/${TRIAL}/notifications/stream`, { authorization: `Bearer ${sponsor}` });
    earlyStream = live;
    expect(live.status).toBe(200);

    const enrolled = (s: { subject: string; arm: string }, on: string) =>
      cloudEvent(
        'subject.enrolled',
        s.subject,
        { siteId: 'MAYO-FL', enrolledOn: on, arm: s.arm, sex: 'M', ageYears: 61 },
        { time: at(on, '09:30') },
      );
    const treated = (subject: string, administeredOn: string) =>
      cloudEvent(
        'treatment.administered',
        subject,
        { administeredOn, ...TREATMENT, sites: ['L4-L5 facet, left', 'L4-L5 facet, right'] },
        { time: at(administeredOn, '14:05') },
      );
    await send(
      'visits',
      enrolled(ZEBRA, '2021-01-04'),
      enrolled(OKAPI, '2021-01-05'),
      treated(ZEBRA.subject, '2021-01-11'),
      treated(OKAPI.subject, '2021-01-12'),
      cellKine.visitCompleted(ZEBRA.subject, 'DAY1', '2021-01-12'),
      cloudEvent(
        'visit.completed',
        OKAPI.subject,
        { visitCode: 'DAY1', visitDate: '2021-01-13', labs: [{ test: 'ALT', value: 250, unit: 'U/L', lln: 7, uln: 40 }] },
        { time: at('2021-01-13') },
      ),
    );
    await send('adverseEvents', relatedGrade3(ZEBRA.subject, 'CK-B01-AE-01', T.zebraAe));
    await send('adverseEvents', relatedGrade3(OKAPI.subject, 'CK-B02-AE-01', T.okapiAe, { causality: 'possibly' }));
    await send(
      'adverseEvents',
      relatedGrade3(ZEBRA.subject, 'CK-B01-AE-01', T.zebraSusar, {
        version: 2,
        serious: true,
        seriousCriteria: ['hospitalization'],
        expectedness: 'unexpected',
      }),
    );

    const rules = await run.waitFor('both stopping rules and the SUSAR escalation', async () => {
      const rows = await run.sql<{ alert_id: string }>(`select alert_id from alerts where kind = 'stopping-rule'`);
      const [susar] = await run.sql(`select 1 from alerts where ae_id = 'CK-B01-AE-01' and 'SUSAR' = any(reasons)`);
      return rows.length >= 2 && susar ? rows.map((r) => r.alert_id) : undefined;
    });
    stoppingRuleIds = rules;
    // People act: the acknowledgement is notified too (and its alert carries the arm in its evidence), and
    // so is the safety officer's closing of the other stopping rule.
    const ack = await run.http(`/api/trials/${TRIAL}/alerts/${rules[0]}/acknowledge`, {
      token: dsmb,
      method: 'POST',
      body: { comment: DSMB_COMMENT },
    });
    expect(ack.status).toBe(200);
    const close = await run.http(`/api/trials/${TRIAL}/alerts/${rules[1]}/close`, {
      token: safetyOfficer,
      method: 'POST',
      body: { comment: SAFETY_OFFICER_COMMENT },
    });
    expect(close.status).toBe(200);

    // Settled: the feed, the topic and the live stream all hold every notification.
    await run.waitFor(
      'every notification in the feed, on the topic and on the live stream',
      async () => {
        const [{ count }] = await run.sql<{ count: number }>(`select count(*)::int as count from notifications where trial_id = $1`, [
          TRIAL,
        ]);
        const types = kafkaNotifications.messages.map((m) => m.json().type);
        const acked = types.includes('alert.acknowledged') && types.includes('alert.closed');
        return acked && count > 0 && kafkaNotifications.messages.length === count && live.events().length === count;
      },
      { timeoutMs: 60_000 },
    );
    const listed = await run.http(`/api/trials/${TRIAL}/alerts?limit=100`, { token: dsmb });
    alertIds = listed.body.items.map((a: { alertId: string }) => a.alertId);
  });

  const reportPath = (cutoff: string) => `/api/trials/${TRIAL}/dsmb-report?cutoff=${encodeURIComponent(cutoff)}&version=`;

  describe('DSMB control: the arm values are there to leak', () => {
    it('the closed DSMB report names both arms, the treatment product and the DSMB comment', async () => {
      const closed = await run.http(`${reportPath(new Date().toISOString())}closed&format=html`, {
        token: dsmb,
        headers: { accept: 'text/html' },
      });
      expect(closed.status).toBe(200);
      for (const text of [ZEBRA.arm, OKAPI.arm, DSMB_COMMENT]) expect(closed.text).toContain(text);
    });

    it("the DSMB timeline names each subject's arm", async () => {
      for (const s of [ZEBRA, OKAPI]) {
        const timeline = await run.http(`/api/trials/${TRIAL}/subjects/${s.subject}/timeline`, { token: dsmb });
        expect(timeline.status).toBe(200);
        expect(timeline.text).toContain(s.arm);
        expect(armKeysIn(timeline.body).length).toBeGreaterThan(0);
      }
    });

    it("the DSMB and the safety officer see each subject's treatment product, dose and route", async () => {
      for (const token of [dsmb, safetyOfficer]) {
        const timeline = await run.http(`/api/trials/${TRIAL}/subjects/${ZEBRA.subject}/timeline`, { token });
        expect(timeline.status).toBe(200);
        const treatment = timeline.body.entries.find((e: { kind: string }) => e.kind === 'treatment');
        expect(treatment).toMatchObject(TREATMENT);
      }
    });

    it('the DSMB and the safety officer read the DSMB comment in the history; the safety officer comment is there too', async () => {
      for (const token of [dsmb, safetyOfficer]) {
        const acked = await run.http(`/api/trials/${TRIAL}/alerts/${stoppingRuleIds[0]}`, { token });
        expect(acked.body.history).toContainEqual(
          expect.objectContaining({ change: 'alert.acknowledged', by: 'dsmb-chair', role: 'dsmb', comment: DSMB_COMMENT }),
        );
        const closed = await run.http(`/api/trials/${TRIAL}/alerts/${stoppingRuleIds[1]}`, { token });
        expect(closed.text).toContain(SAFETY_OFFICER_COMMENT);
      }
    });

    it('the DSMB summary has counts by arm for both arms', async () => {
      const summary = await run.http(`/api/trials/${TRIAL}/summary`, { token: dsmb });
      expect(summary.status).toBe(200);
      expect(summary.text).toContain(ZEBRA.arm);
      expect(summary.text).toContain(OKAPI.arm);
      expect(armKeysIn(summary.body).some((p) => /byarm/i.test(p))).toBe(true);
    });

    it("the DSMB sees the stopping-rule evidence with each subject's arm", async () => {
      const texts = await Promise.all(
        stoppingRuleIds.map(async (id) => (await run.http(`/api/trials/${TRIAL}/alerts/${id}`, { token: dsmb })).text),
      );
      const twoSubjectRule = texts.find((t) => t.includes(OKAPI.subject) && t.includes(ZEBRA.subject));
      expect(twoSubjectRule).toContain(ZEBRA.arm);
      expect(twoSubjectRule).toContain(OKAPI.arm);
    });
  });

  describe('sponsor', () => {
    const AS_OFS = [undefined, T.midAsOf, T.lateAsOf, new Date(Date.now() + 60_000).toISOString()];
    const withAsOf = (path: string, asOf: string | undefined) =>
      asOf ? `${path}${path.includes('?') ? '&' : '?'}asOf=${encodeURIComponent(asOf)}` : path;

    // Every sponsor-visible answer is gathered once, before the checks, so that no check depends on another.
    beforeAll(async () => {
      await asSponsor('/health');
      // The DSMB meeting report: the open version as HTML and as the PDF's text; the closed one is refused.
      const report = reportPath(new Date().toISOString()); // now: the DSMB's acknowledgement (and its comment) is in it
      await asSponsor(`${report}open&format=html`, { accept: 'text/html' });
      await asSponsor(`${report}closed&format=html`, { accept: 'text/html', allow: [403] });
      const pdf = await fetch(`${run.apiUrl}${report}open&format=pdf`, { headers: { authorization: `Bearer ${sponsor}` } });
      seen.push({
        label: `GET ${report}open&format=pdf (its text)`,
        status: pdf.status,
        text: pdf.ok ? pdfText(Buffer.from(await pdf.arrayBuffer())) : await pdf.text(),
        headers: JSON.stringify([...pdf.headers.entries()]),
        json: undefined,
      });
      await asSponsor('/metrics', { accept: 'text/plain' });
      for (const asOf of AS_OFS) {
        await asSponsor(withAsOf('/api/trials', asOf));
        await asSponsor(withAsOf('/api/trials', asOf), { token: sponsorEverywhere });
        // The alert listing, page by page, unfiltered and filtered.
        for (const filter of ['', 'kind=stopping-rule', `subjectId=${ZEBRA.subject}`, 'status=acknowledged']) {
          let cursor: string | null = null;
          do {
            const query = [filter, 'limit=2', cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&');
            const page: { body: { nextCursor: string | null } } = await asSponsor(withAsOf(`/api/trials/${TRIAL}/alerts?${query}`, asOf));
            cursor = page.body.nextCursor;
          } while (cursor);
        }
        for (const alertId of alertIds) {
          // As of a moment before an alert existed, it is not found: that answer is searched too.
          await asSponsor(withAsOf(`/api/trials/${TRIAL}/alerts/${alertId}`, asOf), { allow: asOf ? [200, 404] : [200] });
        }
        await asSponsor(withAsOf(`/api/trials/${TRIAL}/adverse-events`, asOf));
        await asSponsor(withAsOf(`/api/trials/${TRIAL}/adverse-events?format=csv`, asOf), { accept: 'text/csv' });
        await asSponsor(withAsOf(`/api/trials/${TRIAL}/adverse-events?format=csv&subjectId=${OKAPI.subject}`, asOf), {
          accept: 'text/csv',
        });
        for (const s of [ZEBRA, OKAPI]) await asSponsor(withAsOf(`/api/trials/${TRIAL}/subjects/${s.subject}/timeline`, asOf));
        await asSponsor(withAsOf(`/api/trials/${TRIAL}/summary`, asOf));
        for (const view of ['lab-peaks', 'visit-compliance', 'stopping-rules', 'clocks'])
          await asSponsor(withAsOf(`/api/trials/${TRIAL}/${view}`, asOf));
        let after = '0';
        for (;;) {
          const page = await asSponsor(withAsOf(`/api/trials/${TRIAL}/notifications?limit=2&after=${after}`, asOf));
          if (!page.body.nextCursor) break;
          after = page.body.nextCursor;
        }
      }
    });

    it('gets 200 from every GET endpoint, with and without asOf, and sees the safety signal itself', () => {
      // asSponsor throws on any other status (404 only for an alert by id as of before it existed, 403 for the closed report).
      expect(
        seen
          .filter((s) => s.status !== 200 && !(s.status === 404 && /\/alerts\/[^/?]+\?asOf=/.test(s.label)))
          .filter((s) => !(s.status === 403 && /version=closed/.test(s.label)))
          .map((s) => s.label),
      ).toEqual([]);
      // Not vacuous: the sponsor does get the safety signal, only without the arm.
      const ok = (label: RegExp) => seen.filter((s) => s.status === 200 && label.test(s.label));
      const stoppingRule = ok(new RegExp(`/alerts/${stoppingRuleIds[0]}$`))[0].json as { kind: string; evidence: unknown };
      expect(stoppingRule.kind).toBe('stopping-rule');
      expect(JSON.stringify(stoppingRule.evidence)).toContain(OKAPI.subject);
      const csv = ok(/format=csv$/)[0].text;
      expect(csv).toContain('CK-B01-AE-01');
      expect(csv).toContain('CK-B02-AE-01');
      const timeline = ok(new RegExp(`/subjects/${ZEBRA.subject}/timeline$`))[0].json as { entries: unknown[] };
      expect(timeline.entries.length).toBeGreaterThan(3);
      expect(ok(/\/summary$/)[0].text).toContain('Injection site swelling');
      // The treatment is on the timeline (when, where), only not what, how much or how.
      const treatment = (timeline.entries as { kind: string }[]).find((e) => e.kind === 'treatment');
      expect(treatment).toMatchObject({ date: '2021-01-11', sites: ['L4-L5 facet, left', 'L4-L5 facet, right'] });
      for (const field of ['product', 'dose', 'route']) expect(treatment).not.toHaveProperty(field);
      // Who acknowledged and when, without the DSMB comment; the safety officer's comment is shown.
      const acked = ok(new RegExp(`/alerts/${stoppingRuleIds[0]}$`))[0].json as { history: Record<string, unknown>[] };
      const ackEntry = acked.history.find((h) => h.change === 'alert.acknowledged');
      expect(ackEntry).toMatchObject({ by: 'dsmb-chair', role: 'dsmb', status: 'acknowledged' });
      expect(ackEntry).not.toHaveProperty('comment');
      expect(ok(new RegExp(`/alerts/${stoppingRuleIds[1]}$`))[0].text).toContain(SAFETY_OFFICER_COMMENT);
      expect(seen.length).toBeGreaterThan(50);
      // The open report holds the trial's AE table and SAE listing, only without the arm; the closed one was refused.
      const openPdf = seen.find((s) => /version=open&format=pdf/.test(s.label))!;
      expect(openPdf.status).toBe(200);
      expect(openPdf.text).toMatch(/OPEN report/);
      expect(openPdf.text).toContain('Injection site swelling');
      expect(seen.find((s) => /version=closed/.test(s.label))!.status).toBe(403);
      expect(ok(/\/stopping-rules(\?|$)/)[0].text).toContain('"count"');
    });

    it('finds no arm value, blinded treatment or DSMB comment in any response body or header (JSON, CSV)', () => {
      expect(seen.length).toBeGreaterThan(0);
      const leaks = seen.flatMap((s) => [...leaksIn(s.text), ...leaksIn(s.headers)].map((f) => `${s.label} (${s.status}): "${f}"`));
      expect(leaks).toEqual([]);
    });

    it('finds no arm-named key in any JSON response, and no arm column in any CSV', () => {
      const keys = seen.flatMap((s) => armKeysIn(s.json).map((k) => `${s.label}: ${k}`));
      expect(keys).toEqual([]);
      const csvColumns = seen.filter((s) => /format=csv/.test(s.label)).flatMap((s) => armColumnsOf(s.text).map((c) => `${s.label}: ${c}`));
      expect(csvColumns).toEqual([]);
    });

    it('finds no arm, blinded treatment or DSMB comment in the SSE stream, live from before the first event and replayed afterwards (also as of a past moment)', async () => {
      const queries = ['', `?asOf=${encodeURIComponent(T.lateAsOf)}`, '?after=1'];
      const replays: SseConnection[] = [];
      for (const query of queries) {
        replays.push(
          await openSse(`${run.apiUrl}/api/trials/${TRIAL}/notifications/stream${query}`, { authorization: `Bearer ${sponsor}` }),
        );
      }
      const live = earlyStream!;
      const streams = [live, ...replays];
      // What each stream must send: the feed for the same query (the stream reads it the same way).
      const expected = await Promise.all(
        ['', ...queries].map(async (query) => {
          const feed = await run.http(`/api/trials/${TRIAL}/notifications${query}${query ? '&' : '?'}limit=1000`, { token: sponsor });
          expect(feed.status).toBe(200);
          return (feed.body.items as unknown[]).length;
        }),
      );
      await run.waitFor(`the streams to send ${expected.join(', ')} events`, () =>
        streams.every((stream, i) => stream.events().length >= expected[i]),
      );
      await Promise.all(streams.map((r) => r.close()));
      for (const stream of streams) {
        expect(stream.status).toBe(200);
        expect(stream.contentType).toMatch(/text\/event-stream/);
      }
      const [{ count }] = await run.sql<{ count: number }>(`select count(*)::int as count from notifications where trial_id = $1`, [TRIAL]);
      expect(live.events()).toHaveLength(count);
      expect(replays[0].events()).toHaveLength(count);
      expect(streams.map((stream) => stream.events().length)).toEqual(expected);
      for (const stream of streams) {
        expect(leaksIn(stream.text())).toEqual([]);
        expect(stream.events().flatMap((data) => armKeysIn(JSON.parse(data)))).toEqual([]);
      }
    });

    it('finds no arm, treatment or DSMB comment in the stored feed rows (notifications table)', async () => {
      const rows = await run.sql<{ row: string }>(`select row_to_json(n)::text as row from notifications n`);
      expect(rows.length).toBeGreaterThan(4);
      expect(rows.some((r) => r.row.includes('dsmb-chair'))).toBe(true); // who acted is there
      expect(rows.flatMap((r) => leaksIn(r.row))).toEqual([]);
      expect(rows.flatMap((r) => armKeysIn(JSON.parse(r.row)))).toEqual([]);
    });

    it('finds no arm, treatment or DSMB comment on the Kafka notification topic (keys and values)', () => {
      expect(kafkaNotifications.messages.length).toBeGreaterThan(4);
      const types = new Set(kafkaNotifications.messages.map((m) => m.json().type));
      expect([...types]).toEqual(expect.arrayContaining(['alert.raised', 'alert.escalated', 'alert.acknowledged', 'alert.closed']));
      expect(kafkaNotifications.messages.some((m) => m.value.toString('utf8').includes(SAFETY_OFFICER_COMMENT))).toBe(true);
      for (const message of kafkaNotifications.messages) {
        expect(leaksIn(`${message.key ?? ''}\n${message.value.toString('utf8')}`)).toEqual([]);
        expect(armKeysIn(message.json())).toEqual([]);
      }
    });
  });
});
