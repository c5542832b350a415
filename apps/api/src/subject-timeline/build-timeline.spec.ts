import { Alert } from '@vigil/contracts';
import { buildTimeline, TimelineEntryRow } from './build-timeline';

let position = 0;
const row = (type: string, time: string, occurredOn: string | null, data: Record<string, unknown>): TimelineEntryRow => ({
  eventId: `e${++position}`,
  globalPosition: String(position),
  type,
  time,
  occurredOn,
  data,
});
const aeData = (version: number, extra: Record<string, unknown> = {}) => ({
  aeId: 'CK-001-AE-01',
  version,
  term: 'Back pain',
  onsetDate: '2021-01-12',
  endDate: null,
  grade: 1,
  serious: false,
  seriousCriteria: [],
  causality: 'not-related',
  expectedness: 'expected',
  outcome: 'recovering',
  ...extra,
});
const alert = (raisedAt: string, extra: Partial<Alert> = {}): Alert => ({
  alertId: 'a1',
  trialId: 'T',
  kind: 'lab-abnormality',
  subjectId: 'CK-001',
  visitCode: 'M3',
  reasons: ['ALT grade 3'],
  severity: 'medium',
  status: 'open',
  title: 'ALT grade 3',
  raisedAt,
  updatedAt: raisedAt,
  evidence: {},
  version: 1,
  history: [],
  ...extra,
});

describe('buildTimeline', () => {
  const rows = () => {
    position = 0;
    return [
      row('subject.enrolled', '2021-01-04T09:30:00.000Z', '2021-01-04', {
        siteId: 'MAYO-FL',
        enrolledOn: '2021-01-04',
        arm: 'A',
        sex: 'F',
      }),
      row('treatment.administered', '2021-01-11T14:05:00.000Z', '2021-01-11', { administeredOn: '2021-01-11', product: 'MSC' }),
      row('adverse-event.reported', '2021-01-13T10:00:00.000Z', '2021-01-12', aeData(1)),
      row('visit.completed', '2021-04-12T16:20:00.000Z', '2021-04-12', {
        visitCode: 'M3',
        visitDate: '2021-04-12',
        labs: [{ test: 'ALT', value: 212, ctcaeGrade: 3 }],
      }),
      row('adverse-event.updated', '2021-01-20T10:00:00.000Z', '2021-01-12', aeData(2, { outcome: 'recovered', endDate: '2021-01-19' })),
      row('visit.missed', '2021-01-26T08:00:00.000Z', null, { visitCode: 'WEEK2', reason: 'travel' }),
      row('adverse-event.nullified', '2021-05-01T08:00:00.000Z', null, { aeId: 'CK-001-AE-09', version: 2, reason: 'entered in error' }),
    ];
  };

  it('derives the header and orders entries by study day, recorded time and store order, alerts after their cause', () => {
    const timeline = buildTimeline('T', 'CK-001', rows(), [alert('2021-04-12T16:20:00.000Z')]);
    expect(timeline).toMatchObject({
      trialId: 'T',
      subjectId: 'CK-001',
      enrolledOn: '2021-01-04',
      treatedOn: '2021-01-11',
      withdrawnOn: null,
      arm: 'A',
    });
    expect(timeline.entries.map((e) => [e.studyDay, e.kind, e.version ?? e.visitCode ?? null])).toEqual([
      [-7, 'enrolment', null],
      [0, 'treatment', null],
      [1, 'adverse-event', 1],
      [1, 'adverse-event', 2],
      [null, 'missed-visit', 'WEEK2'],
      [91, 'visit', 'M3'],
      [91, 'alert', 'M3'],
      [null, 'nullification', 2],
    ]);
    expect(timeline.entries.filter((e) => e.kind === 'adverse-event').map((e) => e.current)).toEqual([false, true]);
    expect(timeline.entries[6]).toEqual({
      studyDay: 91,
      date: '2021-04-12',
      time: '2021-04-12T16:20:00.000Z',
      kind: 'alert',
      alertId: 'a1',
      alertKind: 'lab-abnormality',
      title: 'ALT grade 3',
      severity: 'medium',
      reasons: ['ALT grade 3'],
      status: 'open',
      raisedAt: '2021-04-12T16:20:00.000Z',
      visitCode: 'M3',
    });
    expect(timeline.entries[0]).not.toHaveProperty('arm');
  });

  it('marks the corrected visit (later time wins) and places alerts given with an offset in UTC', () => {
    position = 0;
    const first = row('visit.completed', '2021-04-12T16:20:00.000Z', '2021-04-12', { visitCode: 'M3', visitDate: '2021-04-12' });
    const correction = row('visit.completed', '2021-04-13T09:00:00.000Z', '2021-04-12', { visitCode: 'M3', visitDate: '2021-04-12' });
    const timeline = buildTimeline('T', 'CK-001', [correction, first], [alert('2021-04-13T01:00:00+02:00')]);
    expect(timeline.entries.map((e) => [e.kind, e.current, e.date])).toEqual([
      ['visit', false, '2021-04-12'],
      ['alert', undefined, '2021-04-12'],
      ['visit', true, '2021-04-12'],
    ]);
    expect(timeline.entries[1].time).toBe('2021-04-12T23:00:00.000Z');
    expect(timeline.treatedOn).toBeNull();
    expect(timeline.entries.every((e) => e.studyDay === null)).toBe(true);
  });

  it('keeps the first treatment as day 0 and the last withdrawal', () => {
    position = 0;
    const timeline = buildTimeline(
      'T',
      'CK-001',
      [
        row('treatment.administered', '2021-01-11T14:05:00.000Z', '2021-01-11', { administeredOn: '2021-01-11', product: 'MSC' }),
        row('treatment.administered', '2021-02-11T14:05:00.000Z', '2021-02-11', { administeredOn: '2021-02-11', product: 'MSC' }),
        row('subject.withdrawn', '2021-03-01T10:00:00.000Z', '2021-03-01', { withdrawnOn: '2021-03-01', reason: 'moved' }),
      ],
      [],
    );
    expect(timeline).toMatchObject({ treatedOn: '2021-01-11', withdrawnOn: '2021-03-01', arm: null, enrolledOn: null });
    expect(timeline.entries.map((e) => e.studyDay)).toEqual([0, 31, 49]);
    expect(timeline.entries[2]).toMatchObject({ kind: 'withdrawal', reason: 'moved' });
  });
});
