import type { Alert, AdverseEventState } from '@vigil/contracts';
import { asMessage, CELLKINE_TRIAL, cellKine, cloudEvent, InputCloudEvent } from './support/cellkine-events';
import { useE2eRun } from './support/e2e-harness';

/**
 * SPEC §5 read endpoints through the built apps: `GET /api/trials` (counts by severity, scoped by token),
 * `GET /api/trials/{id}/summary` (SOC → PT × worst grade × relatedness; by arm for the DSMB only) and
 * `asOf` on the alert routes and the summary (the state built from the events whose time is at or before it).
 *
 * A small CellKine cohort (CK-201 arm A, CK-202 arm B, enrolled but not treated, so no visit is ever overdue):
 *   CK-201-AE-01  Back pain, grade 1 (01-12) → follow-up grade 3 (01-20): SEVERE, medium
 *   CK-201-AE-02  "Facial rash", not MedDRA-coded, grade 1: no alert
 *   CK-202-AE-01  Back pain, grade 2, possibly related (01-15): RELATED, medium
 *   CK-202-AE-02  Atrial fibrillation, grade 3, not serious at T1 (02-02): SEVERE, medium
 *                 → hospitalised at T2 (02-04): SERIOUS + SEVERE, high (the escalation asOf must tell apart)
 *   CK-202-AE-03  Chest discomfort, serious (02-10), nullified (02-11): withdrawn, counted nowhere
 * and, in a second trial, one subject with an SAE (03-02).
 */
const INTRADISCAL = 'MSC-INTRADISCAL-33';
const T1 = '2021-02-02T10:00:00Z';
const T2 = '2021-02-04T10:00:00Z';
const BETWEEN = '2021-02-03T00:00:00Z';
const AFTER = '2021-02-05T00:00:00Z';

const AF = {
  term: 'Atrial fibrillation',
  meddra: { ptCode: '10003658', pt: 'Atrial fibrillation', socCode: '10007541', soc: 'Cardiac disorders' },
};
const CHEST = {
  term: 'Chest discomfort',
  meddra: { ptCode: '10008469', pt: 'Chest discomfort', socCode: '10018065', soc: 'General disorders and administration site conditions' },
};
const hospitalised = { serious: true, seriousCriteria: ['hospitalization'] as AdverseEventState['seriousCriteria'] };
const grades = (g: Record<string, number>) => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, ...g });
const severities = (s: Record<string, number>) => ({ low: 0, medium: 0, high: 0, critical: 0, ...s });

const enrolled = (subject: string, enrolledOn: string, arm: string, trialId = CELLKINE_TRIAL) => {
  const event = cellKine.enrolled(subject, enrolledOn, { trialId });
  return { ...event, data: { ...event.data, arm } };
};
const ae = (subject: string, aeId: string, version: number, time: string, patch: Partial<AdverseEventState> = {}) =>
  cellKine.adverseEvent(subject, aeId, { version, onsetDate: time.slice(0, 10), ...patch }, { time });

describe('trials list, AE summary and asOf (built API and monitor)', () => {
  const run = useE2eRun('api-trials-summary');
  const tokens: Record<'dsmbAll' | 'dsmbCellKine' | 'sponsor' | 'safetyOfficer', string> = {} as never;
  let afAlertId: string;
  /** Just before the acknowledgement made in beforeAll (wall-clock time, as the acknowledgement's own). */
  let beforeAck: string;

  const send = (role: 'visits' | 'adverseEvents', ...events: InputCloudEvent<unknown>[]) => run.produce(role, events.map(asMessage));
  const get = (path: string, token: string) => run.http(path, { token });
  const alerts = (query: string, token = tokens.dsmbAll) => get(`/api/trials/${CELLKINE_TRIAL}/alerts?${query}`, token);
  const alert = (alertId: string, query = '', token = tokens.dsmbAll) =>
    get(`/api/trials/${CELLKINE_TRIAL}/alerts/${alertId}${query}`, token);
  const summary = (token: string, query = '') => get(`/api/trials/${CELLKINE_TRIAL}/summary${query}`, token);
  const trials = (token: string, query = '') => get(`/api/trials${query}`, token);

  beforeAll(async () => {
    await Promise.all([run.startMonitor(), run.startApi()]);
    [tokens.dsmbAll, tokens.dsmbCellKine, tokens.sponsor, tokens.safetyOfficer] = await Promise.all([
      run.mintToken({ role: 'dsmb', trials: ['*'] }),
      run.mintToken({ role: 'dsmb', trials: [CELLKINE_TRIAL] }),
      run.mintToken({ role: 'sponsor', trials: [CELLKINE_TRIAL] }),
      run.mintToken({ role: 'safety-officer', trials: [CELLKINE_TRIAL] }),
    ]);
    await send(
      'visits',
      enrolled('CK-201', '2021-01-05', 'A'),
      enrolled('CK-202', '2021-01-06', 'B'),
      enrolled('ID-001', '2021-02-20', 'cohort', INTRADISCAL),
    );
    await send(
      'adverseEvents',
      ae('CK-201', 'CK-201-AE-01', 1, '2021-01-12T10:00:00Z'),
      ae('CK-201', 'CK-201-AE-01', 2, '2021-01-20T10:00:00Z', { onsetDate: '2021-01-12', grade: 3 }),
      ae('CK-201', 'CK-201-AE-02', 1, '2021-01-25T10:00:00Z', { term: 'Facial rash', meddra: undefined }),
      ae('CK-202', 'CK-202-AE-01', 1, '2021-01-15T10:00:00Z', { grade: 2, causality: 'possibly' }),
      ae('CK-202', 'CK-202-AE-02', 1, T1, { ...AF, grade: 3, causality: 'unlikely' }),
      ae('CK-202', 'CK-202-AE-02', 2, T2, { ...AF, onsetDate: '2021-02-02', grade: 3, causality: 'unlikely', ...hospitalised }),
      ae('CK-202', 'CK-202-AE-03', 1, '2021-02-10T10:00:00Z', { ...CHEST, grade: 2, ...hospitalised }),
      cloudEvent(
        'adverse-event.nullified',
        'CK-202',
        { aeId: 'CK-202-AE-03', version: 2, reason: 'entered for the wrong subject' },
        { time: '2021-02-11T10:00:00Z' },
      ),
      cellKine.seriousAdverseEvent('ID-001', 'ID-001-AE-01', { trialId: INTRADISCAL }),
    );
    await run.waitFor(
      'every read model to hold the cohort',
      async () => {
        const [counts] = await run.sql(`select
        (select count(*) from ae_versions)::int as "aeVersions", (select count(*) from subjects)::int as subjects,
        (select count(*) from timeline_entries)::int as timeline,
        (select count(*) from alerts where status = 'withdrawn')::int as withdrawn, (select count(*) from alerts)::int as alerts,
        (select count(*) from alert_versions where alert->>'aeId' = 'CK-202-AE-02' and version = 2)::int as "afEscalated"`);
        return (
          counts.aeVersions === 9 &&
          counts.subjects === 3 &&
          counts.timeline === 12 &&
          counts.withdrawn === 1 &&
          counts.alerts === 5 &&
          counts.afEscalated === 1
        );
      },
      { timeoutMs: 60_000 },
    );
    [{ alert_id: afAlertId }] = await run.sql(`select alert_id from alerts where ae_id = 'CK-202-AE-02'`);

    // Someone acknowledges the AF alert, here rather than in a test, so that every test sees the same state.
    beforeAck = new Date(Date.now() - 1).toISOString();
    const ack = await run.http(`/api/trials/${CELLKINE_TRIAL}/alerts/${afAlertId}/acknowledge`, {
      token: tokens.safetyOfficer,
      method: 'POST',
      body: { comment: 'Cardiology consult requested' },
    });
    expect(ack.status).toBe(200);
    await run.waitFor('the acknowledgement in the read models', async () => {
      const [row] = await run.sql(`select status from alerts where alert_id = $1`, [afAlertId]);
      return row?.status === 'acknowledged' && (await trials(tokens.dsmbCellKine)).body.items[0]?.acknowledgedAlerts.high === 1;
    });
  });

  describe('GET /api/trials', () => {
    it('lists every trial with data for a ["*"] token, sorted, with subjects and open alerts by severity', async () => {
      const response = await trials(tokens.dsmbAll);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        items: [
          { trialId: INTRADISCAL, subjects: 1, openAlerts: severities({ high: 1 }), acknowledgedAlerts: severities({}) },
          { trialId: CELLKINE_TRIAL, subjects: 2, openAlerts: severities({ medium: 2 }), acknowledgedAlerts: severities({ high: 1 }) },
        ],
      });
    });

    it('lists only the trials of a token scoped to one trial', async () => {
      const response = await trials(tokens.dsmbCellKine);
      expect(response.body.items.map((t: { trialId: string }) => t.trialId)).toEqual([CELLKINE_TRIAL]);
    });

    it('moves an alert from open to acknowledged once someone acknowledges it', async () => {
      const before = (await trials(tokens.dsmbCellKine, `?asOf=${encodeURIComponent(beforeAck)}`)).body.items[0];
      expect(before).toEqual({
        trialId: CELLKINE_TRIAL,
        subjects: 2,
        openAlerts: severities({ medium: 2, high: 1 }),
        acknowledgedAlerts: severities({}),
      });
      const after = (await trials(tokens.dsmbCellKine)).body.items[0];
      expect(after).toEqual({
        trialId: CELLKINE_TRIAL,
        subjects: 2,
        openAlerts: severities({ medium: 2 }),
        acknowledgedAlerts: severities({ high: 1 }),
      });
    });

    it('asOf counts what was known then: a trial without data by then is not listed', async () => {
      const response = await trials(tokens.dsmbAll, `?asOf=${BETWEEN}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        asOf: BETWEEN,
        items: [{ trialId: CELLKINE_TRIAL, subjects: 2, openAlerts: severities({ medium: 3 }), acknowledgedAlerts: severities({}) }],
      });
      const later = await trials(tokens.dsmbAll, `?asOf=${AFTER}`);
      expect(later.body.items).toEqual([
        { trialId: CELLKINE_TRIAL, subjects: 2, openAlerts: severities({ medium: 2, high: 1 }), acknowledgedAlerts: severities({}) },
      ]);
    });

    it('answers 400 naming asOf when it is not an ISO time with offset', async () => {
      const response = await trials(tokens.dsmbAll, '?asOf=2021-02-03');
      expect(response.status).toBe(400);
      expect(response.body.detail).toBe('"asOf" must be an ISO 8601 time with offset, e.g. 2021-03-01T00:00:00Z (got "2021-02-03")');
    });
  });

  describe('asOf on the alert routes', () => {
    it('between T1 and T2 shows the alert as v1 left it, with one history entry; after T2 the escalation', async () => {
      const then = await alert(afAlertId, `?asOf=${BETWEEN}`);
      expect(then.status).toBe(200);
      expect(then.body).toMatchObject({
        alertId: afAlertId,
        status: 'open',
        severity: 'medium',
        reasons: ['SEVERE'],
        version: 1,
        updatedAt: '2021-02-02T10:00:00.000Z',
      });
      expect(then.body.dueBy).toBeUndefined();
      expect((then.body as Alert).history.map((h) => h.change)).toEqual(['alert.raised']);

      const listed = await alerts(`asOf=${BETWEEN}&subjectId=CK-202`);
      expect(listed.status).toBe(200);
      expect(listed.body.items.find((a: Alert) => a.alertId === afAlertId)).toEqual(then.body);

      const after = await alert(afAlertId, `?asOf=${AFTER}`);
      expect(after.body).toMatchObject({
        status: 'open',
        severity: 'high',
        reasons: ['SERIOUS', 'SEVERE'],
        dueBy: '2021-02-05T10:00:00.000Z',
      });
      // The acknowledgement happened today (wall-clock time): not yet as of 2021.
      expect((after.body as Alert).history.map((h) => h.change)).toEqual(['alert.raised', 'alert.escalated']);
      const now = await alert(afAlertId);
      expect((now.body as Alert).history.map((h) => h.change)).toEqual(['alert.raised', 'alert.escalated', 'alert.acknowledged']);
      expect(now.body.status).toBe('acknowledged');
    });

    it('an offset other than Z (the + encoded in the URL) means the same instant', async () => {
      const then = await alert(afAlertId, `?asOf=${encodeURIComponent('2021-02-03T01:00:00+01:00')}`);
      expect(then.body).toMatchObject({ severity: 'medium', version: 1 });
    });

    it('an alert that did not exist yet is a 404 for the single route and absent from the list', async () => {
      const before = await alert(afAlertId, '?asOf=2021-02-01T00:00:00Z');
      expect(before.status).toBe(404);
      const listed = await alerts('asOf=2021-02-01T00:00:00Z');
      expect(listed.body.items.map((a: Alert) => a.aeId).sort()).toEqual(['CK-201-AE-01', 'CK-202-AE-01']);
      const beforeAll = await alerts('asOf=2021-01-01T00:00:00Z');
      expect(beforeAll.body).toEqual({ items: [], nextCursor: null });
    });

    it('filters apply to the state as of then', async () => {
      const aeIds = async (query: string) => (await alerts(query)).body.items.map((a: Alert) => a.aeId).sort();
      expect(await aeIds(`asOf=${BETWEEN}&severity=high`)).toEqual([]);
      expect(await aeIds(`asOf=${BETWEEN}&severity=medium`)).toEqual(['CK-201-AE-01', 'CK-202-AE-01', 'CK-202-AE-02']);
      expect(await aeIds(`asOf=${AFTER}&severity=high&status=open`)).toEqual(['CK-202-AE-02']);
      expect(await aeIds(`asOf=2021-02-10T12:00:00Z&status=open&kind=adverse-event`)).toEqual([
        'CK-201-AE-01',
        'CK-202-AE-01',
        'CK-202-AE-02',
        'CK-202-AE-03',
      ]);
      expect(await aeIds(`asOf=2021-02-12T00:00:00Z&status=withdrawn`)).toEqual(['CK-202-AE-03']);
      expect(await aeIds(`status=acknowledged`)).toEqual(['CK-202-AE-02']);
      expect(await aeIds(`asOf=${AFTER}&status=acknowledged`)).toEqual([]);
    });

    it('pages with the cursor in the order of the current listing', async () => {
      const asOf = '2021-02-12T00:00:00Z';
      const whole = (await alerts(`asOf=${asOf}`)).body as { items: Alert[]; nextCursor: string | null };
      expect(whole.nextCursor).toBeNull();
      expect(whole.items.map((a) => a.alertId)).toEqual((await alerts('')).body.items.map((a: Alert) => a.alertId));
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Alert[]; nextCursor: string | null } = (
          await alerts(`asOf=${asOf}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        ).body;
        expect(page.items.length).toBe(1);
        paged.push(page.items[0].alertId);
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(whole.items.map((a) => a.alertId));
      expect(paged).toHaveLength(4);
    });

    it('answers 400 naming asOf on both routes', async () => {
      for (const response of [await alerts('asOf=tomorrow'), await alert(afAlertId, '?asOf=2021-02-03T00:00:00')]) {
        expect(response.status).toBe(400);
        expect(response.body.detail).toMatch(/^"asOf" must be an ISO 8601 time with offset/);
      }
    });
  });

  describe('GET /api/trials/:trialId/summary', () => {
    const backPain = {
      pt: 'Back pain',
      ptCode: '10003988',
      events: 2,
      subjects: 2,
      serious: 0,
      byWorstGrade: grades({ '2': 1, '3': 1 }),
      byRelatedness: { related: 1, notRelated: 1 },
    };

    it('counts the current AE versions by SOC → PT (a follow-up raises the grade, a nullified AE is gone), by arm for the DSMB', async () => {
      const response = await summary(tokens.dsmbCellKine);
      expect(response.status).toBe(200);
      const body = response.body;
      expect(body).toMatchObject({
        trialId: CELLKINE_TRIAL,
        relatedThreshold: 'possibly',
        enrolledSubjects: 2,
        totals: { aes: 4, subjectsWithAe: 2, serious: 1, byWorstGrade: grades({ '3': 2 }), byRelatedness: { related: 1, notRelated: 3 } },
      });
      expect(body.socs.map((s: { soc: string }) => s.soc)).toEqual([
        'Cardiac disorders',
        'Musculoskeletal and connective tissue disorders',
        'Uncoded',
      ]);
      expect(body.socs[0].terms).toEqual([
        {
          pt: 'Atrial fibrillation',
          ptCode: '10003658',
          events: 1,
          subjects: 1,
          serious: 1,
          byWorstGrade: grades({ '3': 1 }),
          byRelatedness: { related: 0, notRelated: 1 },
        },
      ]);
      expect(body.socs[1].terms).toEqual([backPain]);
      expect(body.socs[2]).toMatchObject({
        soc: 'Uncoded',
        terms: [{ pt: 'Facial rash', events: 1, subjects: 1, byWorstGrade: grades({ '1': 1 }) }],
      });

      expect(Object.keys(body.byArm)).toEqual(['A', 'B']);
      expect(body.byArm.A).toMatchObject({
        enrolledSubjects: 1,
        totals: { aes: 2, subjectsWithAe: 1, serious: 0, byWorstGrade: grades({ '3': 1 }) },
      });
      expect(body.byArm.B).toMatchObject({
        enrolledSubjects: 1,
        totals: { aes: 2, subjectsWithAe: 1, serious: 1, byWorstGrade: grades({ '3': 1 }), byRelatedness: { related: 1, notRelated: 1 } },
      });
      expect(body.byArm.B.socs.map((s: { soc: string }) => s.soc)).toEqual([
        'Cardiac disorders',
        'Musculoskeletal and connective tissue disorders',
      ]);
    });

    it('gives the same counts without any arm breakdown to the sponsor and the safety officer', async () => {
      const dsmb = (await summary(tokens.dsmbCellKine)).body;
      const { byArm, ...blinded } = dsmb;
      expect(byArm).toBeDefined();
      for (const token of [tokens.sponsor, tokens.safetyOfficer]) {
        const response = await summary(token);
        expect(response.status).toBe(200);
        expect(response.body).toEqual(blinded);
        expect(response.text).not.toMatch(/"(arm|byArm)"|"A"|"B"/);
      }
    });

    it('asOf counts the AE versions known then: the nullified AE before its nullification, the grade before the follow-up', async () => {
      const beforeNullification = (await summary(tokens.dsmbCellKine, '?asOf=2021-02-10T12:00:00Z')).body;
      expect(beforeNullification).toMatchObject({ asOf: '2021-02-10T12:00:00Z', totals: { aes: 5, subjectsWithAe: 2, serious: 2 } });
      expect(beforeNullification.socs.map((s: { soc: string }) => s.soc)).toContain('General disorders and administration site conditions');

      const early = (await summary(tokens.dsmbCellKine, '?asOf=2021-01-13T00:00:00Z')).body;
      expect(early).toMatchObject({
        enrolledSubjects: 2,
        totals: { aes: 1, subjectsWithAe: 1, serious: 0, byWorstGrade: grades({ '1': 1 }) },
      });
      expect(early.socs[0].terms[0]).toMatchObject({ pt: 'Back pain', events: 1, byWorstGrade: grades({ '1': 1 }) });

      const beforeEnrolment = (await summary(tokens.dsmbCellKine, '?asOf=2021-01-01T00:00:00Z')).body;
      expect(beforeEnrolment).toMatchObject({ enrolledSubjects: 0, totals: { aes: 0 }, socs: [], byArm: {} });
    });

    it('answers 403 for a trial outside the token and 400 for a bad asOf', async () => {
      expect((await get(`/api/trials/${INTRADISCAL}/summary`, tokens.dsmbCellKine)).status).toBe(403);
      const bad = await summary(tokens.dsmbCellKine, '?asOf=2021-13-01T00:00:00Z');
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toMatch(/"asOf"/);
    });
  });
});
