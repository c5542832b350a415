import { InputEvent } from '@vigil/contracts';
import { addDays } from '../monitor/calendar';
import { Protocol } from '../protocol/protocol';
import { testRules, treated, visitCompleted, visitMissed, withdrawn } from '../testing/given-events';
import { given, tick, Tick } from '../testing/given-when-then';
import { nextOverdueCheck } from './visit-deviation';

/**
 * SPEC §3–4 visit deviations. Test protocol windows, counted from treatment on 2021-01-01 (day 0):
 * DAY0 day 0 (0/0), DAY7 days 6..9 (7 −1/+2), M1 days 23..37 (30 ± 7).
 */
const TREATED = '2021-01-01';
const DEV = 'visit-deviation';
const day = (n: number) => addDays(TREATED, n);
const done = (visitCode: string, studyDay: number): InputEvent => visitCompleted({ visitCode, visitDate: day(studyDay) });
const afterTreatment = () => given([treated(TREATED)], testRules());

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
    afterTreatment()
      .when(done(code, studyDay))
      .thenAlerts(
        DEV,
        outside ? [{ reasons: ['OUT_OF_WINDOW'], severity: 'low', visitCode: code, evidence: { actualDay: studyDay } }] : [],
      );
  });
});

describe('visit-deviation: MISSED and UNKNOWN_VISIT_CODE', () => {
  it('a missed visit → MISSED (low), with the reason', () => {
    afterTreatment()
      .when(visitMissed('DAY7', 'travelling'))
      .thenAlert(DEV, { visitCode: 'DAY7', reasons: ['MISSED'], severity: 'low', evidence: { reason: 'travelling' } });
  });

  it('a missed visit is a deviation even before treatment is recorded', () => {
    given([visitMissed('M1')], testRules()).thenAlert(DEV, { visitCode: 'M1', reasons: ['MISSED'] });
  });

  it('a missed visit later completed in window (later time) → the MISSED alert is withdrawn', () => {
    afterTreatment()
      .when(visitMissed('DAY7', undefined, { time: `${day(7)}T08:00:00Z` }))
      .thenAlert(DEV, { change: 'alert.raised', visitCode: 'DAY7' })
      .when(visitCompleted({ visitCode: 'DAY7', visitDate: day(8) }, { time: `${day(8)}T12:00:00Z` }))
      .thenAlert(DEV, { change: 'alert.withdrawn', visitCode: 'DAY7' });
  });

  it.each<[string, (InputEvent | Tick)[]]>([
    ['completed', [treated(TREATED), done('UNSCHEDULED', 12)]],
    ['completed, before treatment', [done('UNSCHEDULED', -3)]],
    ['missed', [treated(TREATED), visitMissed('WEEK5')]],
  ])('a visit code the protocol does not define (%s) → UNKNOWN_VISIT_CODE', (_, events) => {
    given(events, testRules()).thenAlert(DEV, {
      reasons: ['UNKNOWN_VISIT_CODE'],
      severity: 'low',
      evidence: { knownCodes: ['DAY0', 'DAY7', 'M1'] },
    });
  });
});

describe('visit-deviation: OVERDUE, driven by clock events', () => {
  const dayZeroDone = () => given([treated(TREATED), done('DAY0', 0)], testRules()).thenNoAlerts(DEV);

  it.each<[string, string, boolean]>([
    ['the morning of the last window day', `${day(9)}T00:00:00Z`, false],
    ['the last minute of the last window day', `${day(9)}T23:59:59Z`, false],
    ['the first instant of the day after', `${day(10)}T00:00:00Z`, true],
    ['a week after', `${day(17)}T06:00:00Z`, true],
  ])('DAY7 not done, tick at %s → overdue %s', (_, at, overdue) => {
    dayZeroDone()
      .when(tick(at))
      .thenAlerts(
        DEV,
        overdue
          ? [
              {
                change: 'alert.raised',
                at,
                causedBy: `tick-${at}`,
                visitCode: 'DAY7',
                reasons: ['OVERDUE'],
                severity: 'low',
                evidence: { lastDay: day(9) },
              },
            ]
          : [],
      );
  });

  it('completing the visit late afterwards changes OVERDUE to OUT_OF_WINDOW on the same alert', () => {
    const scenario = dayZeroDone()
      .when(tick(`${day(10)}T00:00:00Z`))
      .thenAlert(DEV, { reasons: ['OVERDUE'], sequence: 1 });
    const { alertId } = scenario.decided(DEV)[0].view;
    scenario.when(done('DAY7', 11)).thenAlert(DEV, { reasons: ['OUT_OF_WINDOW'], alertId, sequence: 2 });
    expect(scenario.decided(DEV)[0].change).not.toBe('alert.raised');
  });

  it('completing the visit in window before the clock passes the window end → never overdue', () => {
    dayZeroDone()
      .when(done('DAY7', 8))
      .thenNoAlerts(DEV)
      .when(tick(`${day(20)}T00:00:00Z`))
      .thenNoAlerts(DEV);
  });

  it('missing the visit before the clock passes → MISSED, never OVERDUE', () => {
    dayZeroDone()
      .when(visitMissed('DAY7', 'ill', { time: `${day(8)}T10:00:00Z` }))
      .thenAlert(DEV, { visitCode: 'DAY7', reasons: ['MISSED'] })
      .when(tick(`${day(20)}T00:00:00Z`))
      .thenNoAlerts(DEV);
  });

  it.each<[string, number, boolean]>([
    ['before the window end', 8, false],
    ['on the last window day', 9, false],
    ['after the window end', 10, true],
  ])('withdrawal %s → overdue %s', (_, withdrawnDay, overdue) => {
    dayZeroDone()
      .when(withdrawn(day(withdrawnDay)))
      .thenNoAlerts(DEV)
      .when(tick(`${day(11)}T00:00:00Z`))
      .thenAlerts(DEV, overdue ? [{ visitCode: 'DAY7', reasons: ['OVERDUE'] }] : []);
  });

  it('withdrawal before later visits: those never become overdue', () => {
    dayZeroDone()
      .when(done('DAY7', 7), withdrawn(day(12)))
      .thenNoAlerts(DEV)
      .when(tick(`${day(60)}T00:00:00Z`))
      .thenNoAlerts(DEV);
  });

  it('each later visit becomes overdue at its own window end', () => {
    dayZeroDone()
      .when(tick(`${day(10)}T00:00:00Z`))
      .thenAlert(DEV, { visitCode: 'DAY7', reasons: ['OVERDUE'], at: `${day(10)}T00:00:00Z` })
      .when(tick(`${day(37)}T12:00:00Z`))
      .thenNoAlerts(DEV)
      .when(tick(`${day(38)}T00:00:00Z`))
      .thenAlert(DEV, { visitCode: 'M1', reasons: ['OVERDUE'], at: `${day(38)}T00:00:00Z` });
  });

  it('an older tick arriving after a newer one changes nothing', () => {
    dayZeroDone()
      .when(tick(`${day(10)}T00:00:00Z`))
      .thenAlert(DEV, { reasons: ['OVERDUE'] })
      .when(tick(`${day(9)}T00:00:00Z`))
      .thenNoAlerts(DEV);
  });
});

describe('visit-deviation: no treatment yet → no window to judge', () => {
  it('a visit completed with no treatment recorded → no deviation', () => {
    given([done('DAY7', 40)], testRules()).thenNoAlerts(DEV);
  });

  it('time passes with no treatment recorded → nothing overdue', () => {
    given([visitCompleted({ visitCode: 'DAY0', visitDate: '2021-01-01' })], testRules())
      .thenNoAlerts(DEV)
      .when(tick('2021-06-01T00:00:00Z'))
      .thenNoAlerts(DEV);
  });

  it('the treatment arriving later judges the visits already done', () => {
    given([done('DAY7', 12)], testRules())
      .thenNoAlerts(DEV)
      .when(treated(TREATED))
      .thenAlert(DEV, { visitCode: 'DAY7', reasons: ['OUT_OF_WINDOW'] });
  });
});

describe('nextOverdueCheck: when the clock must look at a subject again', () => {
  const protocol = testRules().protocol as Protocol;
  const afterTicks = (...ticks: string[]) => given([treated(TREATED), done('DAY0', 0), ...ticks.map((at) => tick(at))], testRules()).state;

  it('is the day after the next pending window closes (DAY7 ends on day 9)', () => {
    expect(nextOverdueCheck(afterTicks(), protocol)).toBe(day(10));
  });

  it('moves past visits a clock event already found overdue, so a subject lost to follow-up is not judged again on every tick', () => {
    expect(nextOverdueCheck(afterTicks(`${day(12)}T00:00:00Z`), protocol)).toBe(day(38));
    expect(nextOverdueCheck(afterTicks(`${day(12)}T00:00:00Z`, `${day(40)}T00:00:00Z`), protocol)).toBeUndefined();
  });
});
