import { InputEvent } from '@vigil/contracts';
import { addDays } from '../monitor/calendar';
import { Protocol } from '../protocol/protocol';
import { given, testRules, Tick, treated, visitCompleted, visitMissed, withdrawn } from '../testing/given-events';
import { nextOverdueCheck } from './visit-deviation';

/**
 * SPEC §3–4 visit deviations. Test protocol windows, counted from treatment on 2021-01-01 (day 0):
 * DAY0 day 0 (0/0), DAY7 days 6..9 (7 −1/+2), M1 days 23..37 (30 ± 7).
 */
const TREATED = '2021-01-01';
const day = (n: number) => addDays(TREATED, n);
const done = (visitCode: string, studyDay: number): InputEvent => visitCompleted({ visitCode, visitDate: day(studyDay) });
const tick = (iso: string): Tick => ({ tick: iso });

const deviations = (events: (InputEvent | Tick)[], visitCode?: string) =>
  given(events, testRules()).decisions.filter((d) => d.view.kind === 'visit-deviation' && (!visitCode || d.view.visitCode === visitCode));

describe('visit-deviation: OUT_OF_WINDOW at each window edge', () => {
  it.each<[string, number, boolean]>([
    ['DAY0', -1, true],
    ['DAY0', 0, false],
    ['DAY0', 1, true],
    ['DAY7', 5, true],
    ['DAY7', 6, false],
    ['DAY7', 7, false],
    ['DAY7', 9, false],
    ['DAY7', 10, true],
    ['M1', 22, true],
    ['M1', 23, false],
    ['M1', 37, false],
    ['M1', 38, true],
  ])('%s completed on study day %i → out of window %s', (code, studyDay, outside) => {
    const decisions = deviations([treated(TREATED), done(code, studyDay)], code);
    if (!outside) {
      expect(decisions).toEqual([]);
      return;
    }
    expect(decisions).toHaveLength(1);
    expect(decisions[0].view).toMatchObject({
      kind: 'visit-deviation',
      reasons: ['OUT_OF_WINDOW'],
      severity: 'low',
      visitCode: code,
      evidence: { actualDay: studyDay },
    });
  });
});

describe('visit-deviation: MISSED and UNKNOWN_VISIT_CODE', () => {
  it('a missed visit → MISSED (low), with the reason', () => {
    const decisions = deviations([treated(TREATED), visitMissed('DAY7', 'travelling')], 'DAY7');
    expect(decisions).toHaveLength(1);
    expect(decisions[0].view).toMatchObject({ reasons: ['MISSED'], severity: 'low', evidence: { reason: 'travelling' } });
  });

  it('a missed visit is a deviation even before treatment is recorded', () => {
    expect(deviations([visitMissed('M1')], 'M1').map((d) => d.view.reasons)).toEqual([['MISSED']]);
  });

  it('a missed visit later completed in window (later time) → the MISSED alert is withdrawn', () => {
    const decisions = deviations(
      [treated(TREATED), visitMissed('DAY7', undefined, { time: `${day(7)}T08:00:00Z` }), visitCompleted({ visitCode: 'DAY7', visitDate: day(8) }, { time: `${day(8)}T12:00:00Z` })],
      'DAY7',
    );
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.withdrawn']);
  });

  it.each<[string, (InputEvent | Tick)[]]>([
    ['completed', [treated(TREATED), done('UNSCHEDULED', 12)]],
    ['completed, before treatment', [done('UNSCHEDULED', -3)]],
    ['missed', [treated(TREATED), visitMissed('WEEK5')]],
  ])('a visit code the protocol does not define (%s) → UNKNOWN_VISIT_CODE', (_, events) => {
    const decisions = given(events, testRules()).decisions.filter((d) => d.view.kind === 'visit-deviation');
    expect(decisions).toHaveLength(1);
    expect(decisions[0].view).toMatchObject({ reasons: ['UNKNOWN_VISIT_CODE'], severity: 'low', evidence: { knownCodes: ['DAY0', 'DAY7', 'M1'] } });
  });
});

describe('visit-deviation: OVERDUE, driven by clock events', () => {
  const base = [treated(TREATED), done('DAY0', 0)];

  it.each<[string, string, boolean]>([
    ['the morning of the last window day', `${day(9)}T00:00:00Z`, false],
    ['the last minute of the last window day', `${day(9)}T23:59:59Z`, false],
    ['the first instant of the day after', `${day(10)}T00:00:00Z`, true],
    ['a week after', `${day(17)}T06:00:00Z`, true],
  ])('DAY7 not done, tick at %s → overdue %s', (_, at, overdue) => {
    const decisions = deviations([...base, tick(at)], 'DAY7');
    if (!overdue) {
      expect(decisions).toEqual([]);
      return;
    }
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ change: 'alert.raised', at, causedBy: `tick-${at}`, view: { reasons: ['OVERDUE'], severity: 'low', evidence: { lastDay: day(9) } } });
  });

  it('completing the visit late afterwards changes OVERDUE to OUT_OF_WINDOW on the same alert', () => {
    const decisions = deviations([...base, tick(`${day(10)}T00:00:00Z`), done('DAY7', 11)], 'DAY7');
    expect(decisions.map((d) => d.view.reasons)).toEqual([['OVERDUE'], ['OUT_OF_WINDOW']]);
    expect(decisions[1].change).not.toBe('alert.raised');
    expect(decisions[1].view.alertId).toBe(decisions[0].view.alertId);
    expect(decisions.map((d) => d.sequence)).toEqual([1, 2]);
  });

  it('completing the visit in window before the clock passes the window end → never overdue', () => {
    expect(deviations([...base, done('DAY7', 8), tick(`${day(20)}T00:00:00Z`)], 'DAY7')).toEqual([]);
  });

  it('missing the visit before the clock passes → MISSED, never OVERDUE', () => {
    const decisions = deviations([...base, visitMissed('DAY7', 'ill', { time: `${day(8)}T10:00:00Z` }), tick(`${day(20)}T00:00:00Z`)], 'DAY7');
    expect(decisions.map((d) => d.view.reasons)).toEqual([['MISSED']]);
  });

  it.each<[string, number, boolean]>([
    ['before the window end', 8, false],
    ['on the last window day', 9, false],
    ['after the window end', 10, true],
  ])('withdrawal %s → overdue %s', (_, withdrawnDay, overdue) => {
    const decisions = deviations([...base, withdrawn(day(withdrawnDay)), tick(`${day(11)}T00:00:00Z`)], 'DAY7');
    expect(decisions.map((d) => d.view.reasons)).toEqual(overdue ? [['OVERDUE']] : []);
  });

  it('withdrawal before later visits: those never become overdue', () => {
    const events = [...base, done('DAY7', 7), withdrawn(day(12)), tick(`${day(60)}T00:00:00Z`)];
    expect(deviations(events)).toEqual([]);
  });

  it('each later visit becomes overdue at its own window end', () => {
    const decisions = deviations([...base, tick(`${day(10)}T00:00:00Z`), tick(`${day(37)}T12:00:00Z`), tick(`${day(38)}T00:00:00Z`)]);
    expect(decisions.map((d) => [d.view.visitCode, d.view.reasons[0], d.at])).toEqual([
      ['DAY7', 'OVERDUE', `${day(10)}T00:00:00Z`],
      ['M1', 'OVERDUE', `${day(38)}T00:00:00Z`],
    ]);
  });

  it('an older tick arriving after a newer one changes nothing', () => {
    const decisions = deviations([...base, tick(`${day(10)}T00:00:00Z`), tick(`${day(9)}T00:00:00Z`)], 'DAY7');
    expect(decisions).toHaveLength(1);
  });
});

describe('visit-deviation: no treatment yet → no window to judge', () => {
  it('a visit completed with no treatment recorded → no deviation', () => {
    expect(deviations([done('DAY7', 40)])).toEqual([]);
  });

  it('time passes with no treatment recorded → nothing overdue', () => {
    expect(deviations([visitCompleted({ visitCode: 'DAY0', visitDate: '2021-01-01' }), tick('2021-06-01T00:00:00Z')])).toEqual([]);
  });

  it('the treatment arriving later judges the visits already done', () => {
    const decisions = deviations([done('DAY7', 12), treated(TREATED)], 'DAY7');
    expect(decisions.map((d) => d.view.reasons)).toEqual([['OUT_OF_WINDOW']]);
  });
});

describe('nextOverdueCheck: when the clock must look at a subject again', () => {
  const protocol = testRules().protocol as Protocol;
  const afterTicks = (...ticks: string[]) => given([treated(TREATED), done('DAY0', 0), ...ticks.map(tick)], testRules()).state;

  it('is the day after the next pending window closes (DAY7 ends on day 9)', () => {
    expect(nextOverdueCheck(afterTicks(), protocol)).toBe(day(10));
  });

  it('moves past visits a clock event already found overdue, so a subject lost to follow-up is not judged again on every tick', () => {
    expect(nextOverdueCheck(afterTicks(`${day(12)}T00:00:00Z`), protocol)).toBe(day(38));
    expect(nextOverdueCheck(afterTicks(`${day(12)}T00:00:00Z`, `${day(40)}T00:00:00Z`), protocol)).toBeUndefined();
  });
});
