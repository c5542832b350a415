import { asMessage, at, CELLKINE_TRIAL, cellKine, cloudEvent, InputCloudEvent } from './support/cellkine-events';
import { HttpResult, useE2eRun } from './support/e2e-harness';

/**
 * The query endpoints the DSMB dashboard reads, through the built monitor and API and the real broker:
 * lab peaks (eDISH), visit compliance, stopping-rule progress and reporting clocks. Two CellKine subjects
 * with arm values that cannot occur by chance: CK-D01 has ALT 5 × ULN with bilirubin 3 × ULN at M3 (a Hy's
 * law case) and a related grade 3 AE; CK-D02 came to WEEK2 on study day 24 (window 11..17), had an SAE
 * (a 24 h clock) and later a related grade 3 AE of their own. What a DSMB member sees, as of moments between
 * those facts, and that a sponsor sees the same without any arm.
 */
const TRIAL = CELLKINE_TRIAL;
const D01 = { subject: 'CK-D01', arm: 'ARM-GIRAFFE-3301', treatedOn: '2021-01-11' };
const D02 = { subject: 'CK-D02', arm: 'ARM-LEMUR-5502', treatedOn: '2021-01-12' };
const FORBIDDEN = [D01.arm, D02.arm, 'GIRAFFE', 'LEMUR'].map((s) => s.toLowerCase());

const T = {
  /** Before any M3 was recorded (D01's M3 is recorded 2021-04-12T16:20Z). */
  beforeLabs: '2021-04-01T00:00:00Z',
  sae: '2021-03-02T09:15:00Z',
  /** The SAE's clock (due 2021-03-03T09:15Z) runs; D02's related AE is not there yet. */
  clockRuns: '2021-03-03T00:00:00Z',
  d02RelatedAe: '2021-03-10T10:00:00Z',
  /** Every visit and AE recorded; WEEK2, DAY1 and SCREENING windows closed, M6 ahead. */
  afterM3: '2021-05-01T00:00:00Z',
};

const INJECTION_SITE_SWELLING = {
  ptCode: '10053425',
  pt: 'Injection site swelling',
  socCode: '10018065',
  soc: 'General disorders and administration site conditions',
};

describe('dashboard views: lab peaks, visit compliance, stopping rules, clocks', () => {
  const run = useE2eRun('api-dashboard-views');
  let dsmb: string;
  let sponsor: string;
  let saeAlertId: string;
  let hysLawAlertId: string;
  let stoppingRuleAlertId: string;
  const path = (route: string, asOf?: string) => `/api/trials/${TRIAL}/${route}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`;
  const get = async (route: string, token: string, asOf?: string): Promise<HttpResult> => {
    const response = await run.http(path(route, asOf), { token });
    if (response.status !== 200) throw new Error(`GET ${path(route, asOf)} answered ${response.status}: ${response.text.slice(0, 300)}`);
    return response;
  };

  beforeAll(async () => {
    await Promise.all([run.startMonitor(), run.startApi()]);
    [dsmb, sponsor] = await Promise.all([
      run.mintToken({ role: 'dsmb', trials: [TRIAL], sub: 'dsmb-chair' }),
      run.mintToken({ role: 'sponsor', trials: [TRIAL], sub: 'pv-physician' }),
    ]);
    const enrolled = (s: typeof D01, on: string) =>
      cloudEvent(
        'subject.enrolled',
        s.subject,
        { siteId: 'MAYO-FL', enrolledOn: on, arm: s.arm, sex: 'F', ageYears: 58 },
        { time: at(on, '09:30') },
      );
    const labVisit = (subject: string, visitCode: string, visitDate: string, labs: Record<string, unknown>[]) =>
      cloudEvent('visit.completed', subject, { visitCode, visitDate, labs }, { time: at(visitDate) });
    const relatedGrade3 = (subject: string, aeId: string, onsetDate: string, time: string) =>
      cellKine.adverseEvent(
        subject,
        aeId,
        { term: 'Injection site swelling', meddra: INJECTION_SITE_SWELLING, onsetDate, grade: 3, causality: 'probably' },
        { time },
      );
    const visits: InputCloudEvent<unknown>[] = [
      enrolled(D01, '2021-01-04'),
      enrolled(D02, '2021-01-05'),
      cellKine.treated(D01.subject, D01.treatedOn),
      cellKine.treated(D02.subject, D02.treatedOn),
      cellKine.visitCompleted(D01.subject, 'DAY0', D01.treatedOn),
      cellKine.visitCompleted(D02.subject, 'DAY0', D02.treatedOn),
      // Study day 24: WEEK2's window is days 11..17.
      cellKine.visitCompleted(D02.subject, 'WEEK2', '2021-02-05'),
      // Study day 91 for D01: ALT 200 (ULN 40) = 5 × ULN, bilirubin 3.6 (ULN 1.2) = 3 × ULN → Hy's law.
      labVisit(D01.subject, 'M3', '2021-04-12', [
        { test: 'ALT', value: 200, unit: 'U/L', lln: 7, uln: 40 },
        { test: 'AST', value: 120, unit: 'U/L', uln: 40 },
        { test: 'BILI', value: 3.6, unit: 'mg/dL', uln: 1.2 },
        { test: 'ALP', value: 150, unit: 'U/L', uln: 120 },
      ]),
      labVisit(D02.subject, 'M3', '2021-04-13', [
        { test: 'ALT', value: 60, unit: 'U/L', uln: 40 },
        { test: 'BILI', value: 0.6, unit: 'mg/dL', uln: 1.2 },
        { test: 'ALP', value: 900, unit: 'U/L' }, // no ULN: skipped
      ]),
    ];
    const aes = [
      relatedGrade3(D01.subject, 'CK-D01-AE-01', '2021-01-13', '2021-01-14T10:00:00Z'),
      cellKine.seriousAdverseEvent(D02.subject, 'CK-D02-AE-01', { time: T.sae }),
      relatedGrade3(D02.subject, 'CK-D02-AE-02', '2021-03-09', T.d02RelatedAe),
    ];
    await run.produce('visits', visits.map(asMessage));
    await run.produce('adverseEvents', aes.map(asMessage));

    const alerts = await run.waitFor('the Hy’s law, SAE and stopping-rule alerts', async () => {
      const rows = await run.sql<{ kind: string; alert_id: string; ae_id: string | null }>(
        `select kind, alert_id, ae_id from alerts where trial_id = $1`,
        [TRIAL],
      );
      const hys = rows.find((r) => r.kind === 'hys-law');
      const sae = rows.find((r) => r.ae_id === 'CK-D02-AE-01');
      const rule = rows.find((r) => r.kind === 'stopping-rule');
      return hys && sae && rule ? { hys: hys.alert_id, sae: sae.alert_id, rule: rule.alert_id } : undefined;
    });
    [hysLawAlertId, saeAlertId, stoppingRuleAlertId] = [alerts.hys, alerts.sae, alerts.rule];
    await run.waitFor('every event in every read model', async () => {
      const [{ timeline }] = await run.sql(`select count(*)::int as timeline from timeline_entries where trial_id = $1`, [TRIAL]);
      const [{ behind }] = await run.sql(
        `select count(*)::int as behind from checkpoints where global_position < (select max(global_position) from events)`,
      );
      return timeline === visits.length + aes.length && behind === 0;
    });
  });

  describe('GET …/lab-peaks (eDISH)', () => {
    it("places the Hy's law subject in the upper right, with each peak, its visit and the alert; the other subject below the lines", async () => {
      const { body, headers } = await get('lab-peaks', dsmb);
      expect(headers.get('x-vigil-read-cache')).toMatch(/hit|miss/);
      expect(body.thresholds).toEqual({ transaminaseXUln: 3, biliXUln: 2 });
      expect(body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([D01.subject, D02.subject]);
      const [d01, d02] = body.items;
      expect(d01).toMatchObject({
        subjectId: D01.subject,
        arm: D01.arm,
        alt: { xUln: 5, value: 200, uln: 40, unit: 'U/L', date: '2021-04-12', visitCode: 'M3' },
        ast: { xUln: 3, value: 120 },
        bili: { value: 3.6, uln: 1.2, date: '2021-04-12', visitCode: 'M3' },
        alp: { xUln: 1.25 },
        transaminaseXUln: 5,
        hysLaw: true,
        hysLawAlertId,
      });
      expect(d01.biliXUln).toBeCloseTo(3, 9);
      expect(d01.transaminaseXUln).toBeGreaterThanOrEqual(body.thresholds.transaminaseXUln);
      expect(d01.biliXUln).toBeGreaterThanOrEqual(body.thresholds.biliXUln);
      expect(d02).toMatchObject({ subjectId: D02.subject, arm: D02.arm, transaminaseXUln: 1.5, hysLaw: false });
      expect(d02.biliXUln).toBeCloseTo(0.5, 9);
      expect(d02).not.toHaveProperty('alp');
      expect(d02).not.toHaveProperty('hysLawAlertId');
    });

    it('as of a moment before any lab was recorded, lists nobody', async () => {
      expect((await get('lab-peaks', dsmb, T.beforeLabs)).body).toEqual({ items: [], thresholds: { transaminaseXUln: 3, biliXUln: 2 } });
    });
  });

  describe('GET …/visit-compliance', () => {
    it('counts a visit done out of its window as outOfWindow, and windows closed by asOf as overdue, per scheduled visit', async () => {
      const { body } = await get('visit-compliance', dsmb, T.afterM3);
      expect(body.items.map((r: { visitCode: string }) => r.visitCode)).toEqual([
        'SCREENING',
        'DAY0',
        'DAY1',
        'DAY3_5',
        'WEEK2',
        'M3',
        'M6',
        'M12',
        'M18',
        'M24',
      ]);
      const byCode = Object.fromEntries(body.items.map((r: { visitCode: string }) => [r.visitCode, r]));
      expect(byCode.WEEK2).toEqual({
        visitCode: 'WEEK2',
        nominalDay: 14,
        earliestDay: 11,
        latestDay: 17,
        expected: 2,
        inWindow: 0,
        outOfWindow: 1,
        overdue: 1,
        missed: 0,
        notYetDue: 0,
      });
      expect(byCode.DAY0).toMatchObject({ expected: 2, inWindow: 2, outOfWindow: 0, overdue: 0 });
      expect(byCode.M3).toMatchObject({ expected: 2, inWindow: 2 });
      expect(byCode.DAY1).toMatchObject({ expected: 2, overdue: 2 });
      expect(byCode.M6).toMatchObject({ expected: 2, notYetDue: 2, overdue: 0 });
    });

    it('as of a moment inside both WEEK2 windows, before the late visit was done, it is not yet due for either subject', async () => {
      const { body } = await get('visit-compliance', dsmb, '2021-01-25T00:00:00Z');
      const week2 = body.items.find((r: { visitCode: string }) => r.visitCode === 'WEEK2');
      expect(week2).toMatchObject({ expected: 2, inWindow: 0, outOfWindow: 0, overdue: 0, notYetDue: 2 });
    });
  });

  describe('GET …/stopping-rules', () => {
    it('shows the two-subject rule at count 1 of 2, not met, while one subject qualifies', async () => {
      const { body } = await get('stopping-rules', dsmb, T.clockRuns);
      expect(body.items.map((r: { ruleId: string }) => r.ruleId)).toEqual(['ANY-DEATH', 'RELATED-SAE', 'RELATED-GRADE3-TWO-SUBJECTS']);
      expect(body.items[2]).toEqual({
        ruleId: 'RELATED-GRADE3-TWO-SUBJECTS',
        description: 'Two or more subjects with a related grade 3 or higher adverse event',
        threshold: 2,
        count: 1,
        met: false,
      });
      expect(body.items[0]).toMatchObject({ count: 0, met: false });
    });

    it('once the second subject qualifies: met, with the stopping-rule alert, and the count its evidence gives', async () => {
      const { body } = await get('stopping-rules', dsmb);
      expect(body.items[2]).toEqual({
        ruleId: 'RELATED-GRADE3-TWO-SUBJECTS',
        description: 'Two or more subjects with a related grade 3 or higher adverse event',
        threshold: 2,
        count: 2,
        met: true,
        alertId: stoppingRuleAlertId,
        status: 'open',
      });
      const alert = await get(`alerts/${stoppingRuleAlertId}`, dsmb);
      expect(alert.body.evidence.count).toBe(2);
    });
  });

  describe('GET …/clocks', () => {
    it("shows the SAE's clock with its dueBy, due within 24 h of asOf and not yet overdue", async () => {
      const { body, headers } = await get('clocks', dsmb, T.clockRuns);
      expect(headers.get('x-vigil-read-cache')).toBeNull();
      expect(body.now).toBe('2021-03-03T00:00:00.000Z');
      expect(body.items).toEqual([
        {
          alertId: saeAlertId,
          subjectId: D02.subject,
          kind: 'adverse-event',
          severity: 'high',
          status: 'open',
          title: expect.any(String),
          dueBy: '2021-03-03T09:15:00.000Z',
          overdue: false,
        },
      ]);
    });

    it('as of the server’s time the same clock is overdue; before the SAE was reported there is no clock', async () => {
      const now = await get('clocks', dsmb);
      expect(Date.parse(now.body.now)).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));
      expect(now.body.items).toContainEqual(expect.objectContaining({ alertId: saeAlertId, overdue: true }));
      const early = await get('clocks', dsmb, '2021-03-02T09:14:00Z');
      expect(early.body.items).toEqual([]);
    });
  });

  describe('sponsor', () => {
    const ROUTES = ['lab-peaks', 'visit-compliance', 'stopping-rules', 'clocks'];
    const AS_OFS = [undefined, T.clockRuns, T.afterM3];

    it('sees every view without any arm value, in the body or the headers, with and without asOf', async () => {
      const leaks: string[] = [];
      for (const route of ROUTES) {
        for (const asOf of AS_OFS) {
          const response = await get(route, sponsor, asOf);
          const bytes = `${response.text}\n${JSON.stringify([...response.headers.entries()])}`.toLowerCase();
          leaks.push(...FORBIDDEN.filter((f) => bytes.includes(f)).map((f) => `${path(route, asOf)}: "${f}"`));
          expect(response.text).not.toMatch(/"arm"/i);
        }
      }
      expect(leaks).toEqual([]);
      // Not vacuous: the DSMB's answer does carry the arms.
      expect((await get('lab-peaks', dsmb)).text).toContain(D01.arm);
    });

    it("gets the DSMB's answers minus the arm: the same peaks and Hy's law flag, the same counts and clocks", async () => {
      const withoutArm = (body: { items: Record<string, unknown>[] }) => ({
        ...body,
        items: body.items.map(({ arm: _, ...rest }) => rest),
      });
      expect((await get('lab-peaks', sponsor)).body).toEqual(withoutArm((await get('lab-peaks', dsmb)).body));
      for (const route of ['visit-compliance', 'stopping-rules']) {
        expect((await get(route, sponsor, T.afterM3)).body).toEqual((await get(route, dsmb, T.afterM3)).body);
      }
      expect((await get('clocks', sponsor, T.clockRuns)).body).toEqual((await get('clocks', dsmb, T.clockRuns)).body);
    });
  });
});
