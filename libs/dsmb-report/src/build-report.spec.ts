import { AdverseEventState } from '@vigil/contracts';
import { Protocol } from '@vigil/safety-domain';
import { aeTable } from './ae-tables';
import { buildReport, compareTimes } from './build-report';
import { renderReport } from './render-report';
import { ReportEvent, ReportRequest } from './report-events';

const BACK_PAIN = { ptCode: '10003988', pt: 'Back pain', socCode: '10028395', soc: 'Musculoskeletal and connective tissue disorders' };
const AFIB = { ptCode: '10003658', pt: 'Atrial fibrillation', socCode: '10007541', soc: 'Cardiac disorders' };

const ae = (aeId: string, patch: Partial<AdverseEventState> = {}): AdverseEventState => ({
  aeId,
  version: 1,
  term: 'Dull pain from waistline to buttocks',
  meddra: BACK_PAIN,
  onsetDate: '2021-01-12',
  endDate: null,
  grade: 1,
  serious: false,
  seriousCriteria: [],
  causality: 'not-related',
  expectedness: 'expected',
  outcome: 'recovering',
  ...patch,
});

let position = 0;
const event = (type: string, subjectId: string | null, data: object, eventTime: string, extra: Partial<ReportEvent> = {}): ReportEvent => ({
  globalPosition: String(++position),
  type,
  streamId: `subject-${subjectId}`,
  streamPosition: position,
  subjectId,
  eventTime,
  recordedAt: eventTime,
  data: data as Record<string, unknown>,
  ...extra,
});

const alertView = {
  alertId: 'A1',
  trialId: 'T',
  kind: 'adverse-event',
  subjectId: 'S2',
  aeId: 'S2-AE-1',
  reasons: ['SERIOUS'],
  severity: 'high',
  title: 'Serious AE: Atrial fibrillation',
  evidence: { arm: 'Drug' },
};

function events(): ReportEvent[] {
  position = 0;
  return [
    event('subject.enrolled', 'S1', { siteId: 'X', enrolledOn: '2021-01-10', arm: 'Drug' }, '2021-01-10T09:00:00.000Z'),
    event('subject.enrolled', 'S2', { siteId: 'X', enrolledOn: '2021-01-10', arm: 'Placebo' }, '2021-01-10T09:00:00.000Z'),
    event('treatment.administered', 'S1', { administeredOn: '2021-01-11', product: 'P' }, '2021-01-11T09:00:00.000Z'),
    event('treatment.administered', 'S2', { administeredOn: '2021-01-11', product: 'P' }, '2021-01-11T09:00:00.000Z'),
    event('adverse-event.reported', 'S1', ae('S1-AE-1', { grade: 1 }), '2021-01-12T09:00:00.000Z'),
    event('adverse-event.updated', 'S1', ae('S1-AE-1', { version: 2, grade: 3, causality: 'probably' }), '2021-01-13T09:00:00.000Z'),
    event('adverse-event.reported', 'S1', ae('S1-AE-2', { grade: 2 }), '2021-01-13T09:00:00.000Z'),
    event(
      'adverse-event.reported',
      'S2',
      ae('S2-AE-1', {
        meddra: AFIB,
        term: 'AF <b>ouch</b>',
        grade: 2,
        serious: true,
        seriousCriteria: ['hospitalization'],
        causality: 'unlikely',
      }),
      '2021-01-14T09:00:00.000Z',
    ),
    event('adverse-event.reported', 'S2', ae('S2-AE-2', { grade: 4 }), '2021-01-14T10:00:00.000Z'),
    event('adverse-event.nullified', 'S2', { aeId: 'S2-AE-2', version: 2, reason: 'entered in error' }, '2021-01-15T09:00:00.000Z'),
    event(
      'visit.completed',
      'S1',
      {
        visitCode: 'WEEK2',
        visitDate: '2021-01-25',
        labs: [
          { test: 'ALT', value: 240, uln: 40 },
          { test: 'BILI', value: 4, uln: 1.2 },
          { test: 'ALP', value: 100, uln: 120 },
        ],
      },
      '2021-01-25T09:00:00.000Z',
    ),
    event(
      'alert.raised',
      'S2',
      { view: alertView, at: '2021-01-14T09:00:00.000Z', causedBy: 'x', sequence: 1 },
      '2021-01-14T09:00:00.000Z',
      { streamId: 'alert-A1', streamPosition: 1 },
    ),
    event(
      'alert.acknowledged',
      'S2',
      { alertId: 'A1', by: 'dr.chair', role: 'dsmb', comment: 'DSMB-SECRET-NOTE', at: '2021-01-15T10:00:00.000Z' },
      '2021-01-15T10:00:00.000Z',
      { streamId: 'alert-A1', streamPosition: 2 },
    ),
    // Dated before the cut-off, recorded after it: late data.
    event('adverse-event.reported', 'S1', ae('S1-AE-3', { grade: 1, term: 'Late headache' }), '2021-01-20T09:00:00.000Z', {
      recordedAt: '2021-03-05T09:00:00.000Z',
    }),
    // After the cut-off: never in the report.
    event('adverse-event.reported', 'S1', ae('S1-AE-4', { grade: 5, outcome: 'fatal' }), '2021-03-10T09:00:00.000Z'),
  ];
}

const request = (version: 'closed' | 'open', extra: Partial<ReportRequest> = {}): ReportRequest => ({
  trialId: 'T',
  cutoff: '2021-03-01T00:00:00.000Z',
  position: '1000',
  version,
  ...extra,
});

describe('aeTable', () => {
  it('counts subjects at their worst grade, AEs by relatedness and seriousness, SOC rows before their PTs', () => {
    const t = aeTable(
      [
        { subjectId: 'S1', ae: ae('a', { grade: 1 }) },
        { subjectId: 'S1', ae: ae('b', { grade: 3, causality: 'probably' }) },
        { subjectId: 'S2', ae: ae('c', { meddra: AFIB, grade: 2, serious: true }) },
        { subjectId: 'S3', ae: ae('d', { meddra: undefined, term: 'Rash' }) },
      ],
      5,
      'possibly',
    );
    expect(t.rows.map((r) => [r.soc, r.pt, r.subjects, r.events, r.worstGrade.join(''), r.related, r.notRelated, r.serious])).toEqual([
      ['Cardiac disorders', undefined, 1, 1, '01000', 0, 1, 1],
      ['Cardiac disorders', 'Atrial fibrillation', 1, 1, '01000', 0, 1, 1],
      ['Musculoskeletal and connective tissue disorders', undefined, 1, 2, '00100', 1, 1, 0],
      ['Musculoskeletal and connective tissue disorders', 'Back pain', 1, 2, '00100', 1, 1, 0],
      ['Uncoded', undefined, 1, 1, '10000', 0, 1, 0],
      ['Uncoded', 'Rash', 1, 1, '10000', 0, 1, 0],
    ]);
    expect(t.total).toMatchObject({ subjects: 3, events: 4, worstGrade: [1, 1, 1, 0, 0], related: 1, notRelated: 3, serious: 1 });
    expect(t.enrolled).toBe(5);
  });
});

describe('compareTimes', () => {
  it('orders store times with milliseconds, microseconds and five-digit years', () => {
    expect(compareTimes('2021-03-01T00:00:00.000Z', '2021-03-01T00:00:00Z')).toBe(0);
    expect(compareTimes('2021-03-01T00:00:00.000500Z', '2021-03-01T00:00:00.001Z')).toBeLessThan(0);
    expect(compareTimes('2021-03-01T00:00:00.002Z', '2021-03-01T00:00:00.001999Z')).toBeGreaterThan(0);
    expect(compareTimes('9999-12-31T23:59:59.000Z', '10000-01-01T13:59:59Z')).toBeLessThan(0);
  });
});

describe('buildReport', () => {
  it('takes the highest version of each AE dated by the cut-off and leaves nullified AEs out', () => {
    const model = buildReport(events(), request('closed'), undefined, new Set(['arm']));
    const all = model.aeTables[0].table;
    expect(all.total).toMatchObject({ subjects: 2, events: 4, worstGrade: [0, 1, 1, 0, 0], related: 1, serious: 1 });
    expect(model.saes.map((r) => [r.subjectId, r.aeId, r.arm, r.pt])).toEqual([['S2', 'S2-AE-1', 'Placebo', 'Atrial fibrillation']]);
    expect(model.deaths).toEqual([]);
    expect(model.enrolment[0]).toMatchObject({ enrolled: 2, treated: 2, visitsCompleted: 1, followUpDays: 14 });
  });

  it('breaks enrolment and AEs down by arm in the closed version only', () => {
    const closed = buildReport(events(), request('closed'), undefined, new Set(['arm']));
    expect(closed.enrolment.map((r) => r.arm)).toEqual([undefined, 'Drug', 'Placebo']);
    expect(closed.aeTables.map((t) => [t.arm, t.table.total.events])).toEqual([
      [undefined, 4],
      ['Drug', 3],
      ['Placebo', 1],
    ]);
    const open = buildReport(events(), request('open'), undefined, new Set(['arm']));
    expect(open.enrolment).toHaveLength(1);
    expect(open.aeTables).toHaveLength(1);
    expect(JSON.stringify(open)).not.toMatch(/Drug|Placebo|DSMB-SECRET-NOTE/);
  });

  it("grades labs (CTCAE grade >= 3) and finds Hy's law subjects", () => {
    const model = buildReport(events(), request('open'), undefined, new Set(['arm']));
    expect(model.labAbnormalities.map((r) => [r.subjectId, r.test, r.grade])).toEqual([
      ['S1', 'ALT', 3],
      ['S1', 'BILI', 3],
    ]);
    expect(model.hysLaw.map((r) => [r.subjectId, r.visitCode])).toEqual([['S1', 'WEEK2']]);
  });

  it('lists alerts with who handled them; DSMB comments only in the closed version', () => {
    const closed = buildReport(events(), request('closed'), undefined, new Set(['arm']));
    expect(closed.alerts[0]).toMatchObject({ alertId: 'A1', status: 'acknowledged' });
    expect(closed.alerts[0].history[1]).toEqual({
      change: 'alert.acknowledged',
      at: '2021-01-15T10:00:00.000Z',
      by: 'dr.chair',
      role: 'dsmb',
      comment: 'DSMB-SECRET-NOTE',
    });
    const open = buildReport(events(), request('open'), undefined, new Set(['arm']));
    expect(open.alerts[0].history[1]).toEqual({
      change: 'alert.acknowledged',
      at: '2021-01-15T10:00:00.000Z',
      by: 'dr.chair',
      role: 'dsmb',
    });
  });

  it('reports late data by default, or what was recorded after an earlier position', () => {
    const late = buildReport(events(), request('open'), undefined, new Set(['arm']));
    expect(late.changes.map((c) => c.description)).toEqual(['AE S1-AE-3 v1: Late headache, grade 1']);
    const since = buildReport(events(), request('open', { previousPosition: '12' }), undefined, new Set(['arm']));
    expect(since.changes.map((c) => c.globalPosition)).toEqual(['13', '14']);
    const upTo = buildReport(events(), request('open', { position: '13' }), undefined, new Set(['arm']));
    expect(upTo.aeTables[0].table.total.events).toBe(3);
  });

  it('renders the same bytes for the same input, with every text escaped', () => {
    const a = renderReport(buildReport(events(), request('closed'), undefined, new Set(['arm'])));
    const b = renderReport(buildReport(events(), request('closed'), undefined, new Set(['arm'])));
    expect(a).toBe(b);
    expect(a).toContain('&lt;b&gt;ouch&lt;/b&gt;');
    expect(a).not.toContain('<b>ouch');
    expect(a).toContain('2021-03-01T00:00:00.000Z');
    expect(a).toContain('<dd id="position">1000</dd>');
    const open = renderReport(buildReport(events(), request('open'), undefined, new Set(['arm'])));
    expect(open).not.toMatch(/Drug|Placebo|DSMB-SECRET-NOTE/);
    expect(open).not.toMatch(/https?:\/\//);
  });

  it('shows each protocol stopping rule with its qualifying subjects, below the threshold too, its alert once reached, and visit deviations', () => {
    const protocol = {
      title: 'Test trial',
      related: { causalityThreshold: 'possibly' },
      severe: { gradeThreshold: 3 },
      aesi: [],
      stoppingRules: [
        { id: 'ANY-SAE', description: 'Any SAE', threshold: 1, match: { serious: true } },
        {
          id: 'RELATED-SEVERE',
          description: 'Two subjects with a related grade 3+ AE',
          threshold: 2,
          match: { related: true, minGrade: 3 },
        },
        { id: 'ANY-DEATH', description: 'Any death', threshold: 1, match: { fatal: true } },
      ],
    } as unknown as Protocol;
    const rule = {
      alertId: 'R1',
      trialId: 'T',
      kind: 'stopping-rule',
      reasons: ['STOPPING_RULE'],
      severity: 'critical',
      title: 'Stopping rule reached',
    };
    const deviation = {
      alertId: 'V1',
      trialId: 'T',
      kind: 'visit-deviation',
      subjectId: 'S1',
      visitCode: 'WEEK2',
      reasons: ['OUT_OF_WINDOW'],
      severity: 'low',
      title: 'Visit out of window',
    };
    const extra = [
      event(
        'alert.raised',
        null,
        {
          view: { ...rule, evidence: { ruleId: 'ANY-SAE', count: 1, threshold: 1, recommendation: 'pause for DSMB review' } },
          at: '2021-01-20T00:00:00.000Z',
          causedBy: 'x',
          sequence: 1,
        },
        '2021-01-20T00:00:00.000Z',
        { streamId: 'alert-R1', streamPosition: 1 },
      ),
      event(
        'alert.raised',
        'S1',
        {
          view: {
            ...deviation,
            evidence: { reason: 'OUT_OF_WINDOW', visitDate: '2021-01-25', actualDay: 14, window: { earliestDay: 12, latestDay: 13 } },
          },
          at: '2021-01-25T00:00:00.000Z',
          causedBy: 'y',
          sequence: 1,
        },
        '2021-01-25T00:00:00.000Z',
        { streamId: 'alert-V1', streamPosition: 1 },
      ),
    ];
    const model = buildReport([...events(), ...extra], request('open'), protocol, new Set(['arm']));
    expect(model.stoppingRules).toEqual([
      {
        ruleId: 'ANY-SAE',
        description: 'Any SAE',
        threshold: 1,
        count: 1,
        status: 'reached: alert open',
        recommendation: 'pause for DSMB review',
      },
      // S1's AE-1 became grade 3, probably related (version 2); S2's grade 4 AE was nullified and counts for nothing.
      {
        ruleId: 'RELATED-SEVERE',
        description: 'Two subjects with a related grade 3+ AE',
        threshold: 2,
        count: 1,
        status: 'below threshold (1 of 2)',
      },
      { ruleId: 'ANY-DEATH', description: 'Any death', threshold: 1, count: 0, status: 'below threshold (0 of 1)' },
    ]);
    expect(model.visitDeviations).toEqual([
      {
        subjectId: 'S1',
        visitCode: 'WEEK2',
        reason: 'OUT_OF_WINDOW',
        detail: 'visit date 2021-01-25; study day 14; window day 12 to 13',
        status: 'open',
      },
    ]);
    expect(renderReport(model)).toMatch(
      /RELATED-SEVERE.*?<td class="n">1<\/td>\s*<td class="n">2<\/td>\s*<td>below threshold \(1 of 2\)<\/td>/s,
    );
  });
});
