import { InputEvent } from '@vigil/contracts';
import { Protocol } from '@vigil/safety-domain';
import { subjectsFrom, visitCompliance } from './visit-compliance';

const protocol = {
  visits: [
    { code: 'DAY0', studyDay: 0, windowBeforeDays: 0, windowAfterDays: 0 },
    { code: 'WEEK2', studyDay: 14, windowBeforeDays: 3, windowAfterDays: 3 },
    { code: 'M3', studyDay: 91, windowBeforeDays: 7, windowAfterDays: 7 },
  ],
} as Protocol;

let n = 0;
const event = (type: InputEvent['type'], subject: string, data: Record<string, unknown>, time = '2021-01-11T10:00:00Z') =>
  ({ specversion: '1.0', id: `e${++n}`, source: 'test', type, subject, time, trialid: 'T', data }) as unknown as InputEvent;
const treated = (subject: string, on: string) => event('treatment.administered', subject, { administeredOn: on, product: 'MSC' });
const completed = (subject: string, visitCode: string, visitDate: string, time = `${visitDate}T16:00:00Z`) =>
  event('visit.completed', subject, { visitCode, visitDate }, time);

const row = (code: string, now: string | undefined, events: InputEvent[]) =>
  visitCompliance(subjectsFrom('T', events), protocol, now).items.find((r) => r.visitCode === code);

describe('visitCompliance', () => {
  it('lists every scheduled visit in schedule order with its window in study days', () => {
    expect(visitCompliance([], protocol, undefined).items.map((r) => [r.visitCode, r.nominalDay, r.earliestDay, r.latestDay])).toEqual([
      ['DAY0', 0, 0, 0],
      ['WEEK2', 14, 11, 17],
      ['M3', 91, 84, 98],
    ]);
  });

  it('given WEEK2 on study day 17 and another on day 18, then one in window and one out of window', () => {
    const events = [
      treated('S1', '2021-01-11'),
      treated('S2', '2021-01-11'),
      completed('S1', 'WEEK2', '2021-01-28'),
      completed('S2', 'WEEK2', '2021-01-29'),
    ];
    expect(row('WEEK2', undefined, events)).toMatchObject({
      expected: 2,
      inWindow: 1,
      outOfWindow: 1,
      missed: 0,
      overdue: 0,
      notYetDue: 0,
    });
  });

  it('given a correction that moves the visit into its window, then the later record counts', () => {
    const events = [
      treated('S1', '2021-01-11'),
      completed('S1', 'WEEK2', '2021-01-29', '2021-01-29T16:00:00Z'),
      completed('S1', 'WEEK2', '2021-01-27', '2021-01-30T09:00:00Z'),
    ];
    expect(row('WEEK2', undefined, events)).toMatchObject({ inWindow: 1, outOfWindow: 0 });
  });

  it('given no record, then overdue once now is past the window’s last day, not yet due until then', () => {
    const events = [treated('S1', '2021-01-11')];
    expect(row('WEEK2', '2021-01-28T23:59:00Z', events)).toMatchObject({ expected: 1, notYetDue: 1, overdue: 0 });
    expect(row('WEEK2', '2021-01-29T00:00:00Z', events)).toMatchObject({ expected: 1, notYetDue: 0, overdue: 1 });
    expect(row('WEEK2', undefined, events)).toMatchObject({ notYetDue: 1, overdue: 0 });
  });

  it('given a missed visit, then missed; given a withdrawal before the window closed, then not expected', () => {
    const events = [
      treated('S1', '2021-01-11'),
      treated('S2', '2021-01-11'),
      event('visit.missed', 'S1', { visitCode: 'M3', reason: 'travel' }),
      event('subject.withdrawn', 'S2', { withdrawnOn: '2021-02-01' }),
    ];
    expect(row('M3', '2021-06-01T00:00:00Z', events)).toMatchObject({ expected: 1, missed: 1, overdue: 0 });
  });

  it('given a subject enrolled but not treated, then no visit is expected of them', () => {
    const events = [event('subject.enrolled', 'S1', { siteId: 'X', enrolledOn: '2021-01-04' })];
    expect(visitCompliance(subjectsFrom('T', events), protocol, '2022-01-01T00:00:00Z').items.every((r) => r.expected === 0)).toBe(true);
  });

  it('given no protocol, then no rows', () => {
    expect(visitCompliance(subjectsFrom('T', [treated('S1', '2021-01-11')]), undefined, undefined)).toEqual({ items: [] });
  });
});
