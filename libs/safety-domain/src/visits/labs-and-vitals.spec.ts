import { AlertKind, InputEvent, LabResult, Vitals } from '@vigil/contracts';
import { Protocol } from '../protocol/protocol';
import { testRules, treated, visitCompleted } from '../testing/given-events';
import { given } from '../testing/given-when-then';

/** SPEC §4: lab abnormalities (CTCAE v5 grade ≥ protocol threshold), Hy's law, vital signs; corrections. */

const M1 = '2021-01-31'; // study day 30: inside the M1 window
const at = (hhmm: string) => `${M1}T${hhmm}:00Z`;
const labs = (labList: LabResult[], time = at('12:00'), visitCode = 'M1') =>
  visitCompleted({ visitCode, visitDate: M1, labs: labList }, { time });
const vitals = (v: Vitals, time = at('12:00')) => visitCompleted({ visitCode: 'M1', visitDate: M1, vitals: v }, { time });

/** Given a subject treated on 2021-01-01 (so M1 is in its window) under the test protocol. */
const afterTreatment = (protocol: Partial<Protocol> = {}) => given([treated('2021-01-01')], testRules(protocol));

const ALT = (value: number): LabResult => ({ test: 'ALT', value, unit: 'U/L', lln: 7, uln: 40 });
const AST = (value: number): LabResult => ({ test: 'AST', value, unit: 'U/L', lln: 8, uln: 40 });
const BILI = (value: number): LabResult => ({ test: 'BILI', value, unit: 'mg/dL', lln: 0.1, uln: 1.0 });

describe('lab-abnormality: CTCAE v5 grade at or above the protocol threshold (alertAtGrade 2)', () => {
  it.each<[string, number, string | null]>([
    ['ALT = ULN (grade 0)', 40, null],
    ['ALT exactly 3 × ULN (grade 1)', 120, null],
    ['ALT just above 3 × ULN (grade 2)', 120.5, 'CTCAE_GRADE_2'],
    ['ALT exactly 5 × ULN (grade 2)', 200, 'CTCAE_GRADE_2'],
    ['ALT just above 5 × ULN (grade 3)', 201, 'CTCAE_GRADE_3'],
    ['ALT above 20 × ULN (grade 4)', 801, 'CTCAE_GRADE_4'],
  ])('%s → %s', (_, value, reason) => {
    const scenario = afterTreatment().when(labs([ALT(value)]));
    if (reason === null) scenario.thenNoAlerts('lab-abnormality');
    else
      scenario.thenAlert('lab-abnormality', {
        change: 'alert.raised',
        reasons: [reason],
        severity: 'medium',
        subjectId: 'CK-001',
        visitCode: 'M1',
        evidence: { test: 'ALT', value, uln: 40, ctcaeVersion: '5.0', alertAtGrade: 2 },
      });
  });

  it('one alert per test: ALT and AST both grade 2 in one visit → two alerts with different ids', () => {
    const scenario = afterTreatment()
      .when(labs([ALT(130), AST(130)]))
      .thenAlerts('lab-abnormality', [{ evidence: { test: 'ALT' } }, { evidence: { test: 'AST' } }]);
    const [alt, ast] = scenario.decided('lab-abnormality');
    expect(alt.view.alertId).not.toBe(ast.view.alertId);
  });

  it('per-test override lowers the threshold: PLAT grade 1 alerts (override 1), ALT grade 1 does not', () => {
    const plat: LabResult = { test: 'PLAT', value: 140, unit: '10^9/L', lln: 150, uln: 400 };
    afterTreatment()
      .when(labs([plat, ALT(100)]))
      .thenAlert('lab-abnormality', { reasons: ['CTCAE_GRADE_1'], evidence: { test: 'PLAT', alertAtGrade: 1 } });
  });

  it.each<[number, string | null]>([
    [130, null],
    [201, 'CTCAE_GRADE_3'],
  ])('per-test override raises the threshold: ALT alertAtGrade 3, ALT %s → %s', (value, reason) => {
    const protocol = { labs: { ctcaeVersion: '5.0' as const, alertAtGrade: 2, tests: { ALT: { alertAtGrade: 3 } } } };
    afterTreatment(protocol)
      .when(labs([ALT(value)]))
      .thenAlerts('lab-abnormality', reason ? [{ reasons: [reason] }] : []);
  });

  it('a test reported twice in one visit counts at its worst grade (one alert)', () => {
    afterTreatment()
      .when(labs([ALT(130), ALT(250), { ...ALT(100), test: 'alt' }]))
      .thenAlert('lab-abnormality', { reasons: ['CTCAE_GRADE_3'] });
  });

  it('a test without the limit its grade needs (no ULN) is not graded → no alert', () => {
    afterTreatment()
      .when(labs([{ test: 'ALT', value: 500, unit: 'U/L' }]))
      .thenNoAlerts('lab-abnormality');
  });

  it('a lab at a visit code the protocol does not define is still evaluated', () => {
    afterTreatment()
      .when(labs([ALT(130)], at('12:00'), 'UNSCHEDULED'))
      .thenAlert('lab-abnormality', { visitCode: 'UNSCHEDULED' });
  });
});

describe('hys-law: ALT or AST > 3 × ULN and total bilirubin > 2 × ULN in the same visit', () => {
  it.each<[string, LabResult[], boolean]>([
    ['ALT exactly 3 × ULN, BILI exactly 2 × ULN', [ALT(120), BILI(2.0)], false],
    ['ALT just above 3 × ULN, BILI exactly 2 × ULN', [ALT(121), BILI(2.0)], false],
    ['ALT exactly 3 × ULN, BILI just above 2 × ULN', [ALT(120), BILI(2.01)], false],
    ['ALT and BILI just above', [ALT(121), BILI(2.01)], true],
    ['AST and BILI just above (ALT normal)', [ALT(30), AST(121), BILI(2.01)], true],
    ['BILI high, transaminases normal', [ALT(30), AST(30), BILI(4)], false],
  ])('%s → hys-law %s', (_, labList, expected) => {
    afterTreatment()
      .when(labs(labList))
      .thenAlerts('hys-law', expected ? [{ severity: 'high', reasons: ['HYS_LAW'], visitCode: 'M1' }] : []);
  });

  it('ALT and BILI in different visits → no hys-law', () => {
    const other = visitCompleted({ visitCode: 'DAY7', visitDate: '2021-01-08', labs: [BILI(3)] });
    afterTreatment()
      .when(other)
      .thenNoAlerts('hys-law')
      .when(labs([ALT(200)]))
      .thenNoAlerts('hys-law');
  });
});

describe('vital-sign: temperature at or above the protocol fever threshold (38.0 °C)', () => {
  it.each<[number, boolean]>([
    [37.9, false],
    [38.0, true],
    [38.4, true],
  ])('temperature %s °C → FEVER %s', (temperatureC, fever) => {
    afterTreatment()
      .when(vitals({ temperatureC, heartRate: 80 }))
      .thenAlerts(
        'vital-sign',
        fever
          ? [
              {
                reasons: ['FEVER'],
                severity: 'medium',
                visitCode: 'M1',
                evidence: { vital: 'temperatureC', value: temperatureC, threshold: 38 },
              },
            ]
          : [],
      );
  });

  it('a protocol fever threshold of 38.5 °C: 38.4 → nothing, 38.5 → FEVER', () => {
    const protocol = { vitals: { feverThresholdC: 38.5 } };
    afterTreatment(protocol)
      .when(vitals({ temperatureC: 38.4 }))
      .thenNoAlerts('vital-sign');
    afterTreatment(protocol)
      .when(vitals({ temperatureC: 38.5 }))
      .thenAlert('vital-sign', { reasons: ['FEVER'] });
  });

  it('systolic BP and heart rate thresholds, when the protocol sets them', () => {
    const protocol = { vitals: { feverThresholdC: 38, systolicBpHigh: 160, heartRateHigh: 120 } };
    afterTreatment(protocol)
      .when(vitals({ temperatureC: 36.8, systolicBp: 160, heartRate: 119 }))
      .thenAlert('vital-sign', { reasons: ['HIGH_SYSTOLIC_BP'] });
  });
});

describe('corrections: a second visit.completed for the same visit, the later `time` wins', () => {
  it.each<[string, InputEvent, InputEvent, AlertKind]>([
    ['lab', labs([ALT(130)], at('12:00')), labs([ALT(35)], at('15:00')), 'lab-abnormality'],
    ['fever', vitals({ temperatureC: 38.4 }, at('12:00')), vitals({ temperatureC: 37.0 }, at('15:00')), 'vital-sign'],
    ["Hy's law", labs([ALT(200), BILI(3)], at('12:00')), labs([ALT(200), BILI(1)], at('15:00')), 'hys-law'],
  ])('%s: a later correction that normalises the value withdraws the alert', (_, original, correction, kind) => {
    const scenario = afterTreatment().when(original).thenAlert(kind, { change: 'alert.raised', sequence: 1 });
    const { alertId } = scenario.decided(kind)[0].view;
    scenario.when(correction).thenAlert(kind, { change: 'alert.withdrawn', sequence: 2, causedBy: correction.id, alertId });
  });

  it.each<[string, InputEvent, InputEvent, AlertKind]>([
    ['lab', labs([ALT(130)], at('12:00')), labs([ALT(35)], at('09:00')), 'lab-abnormality'],
    ['fever', vitals({ temperatureC: 38.4 }, at('12:00')), vitals({ temperatureC: 37.0 }, at('09:00')), 'vital-sign'],
  ])('%s: a "correction" with an earlier time changes nothing', (_, original, stale, kind) => {
    const scenario = afterTreatment().when(original).thenAlert(kind, { change: 'alert.raised' }).when(stale).thenNoAlerts(kind);
    expect(scenario.state.visits.M1.eventId).toBe(original.id);
  });

  it('a stale record arriving first is replaced by the later one', () => {
    afterTreatment()
      .when(labs([ALT(35)], at('09:00')))
      .thenNoAlerts('lab-abnormality')
      .when(labs([ALT(130)], at('12:00')))
      .thenAlert('lab-abnormality', { change: 'alert.raised' });
  });

  it('a correction raising the grade (2 → 3) escalates the same alert', () => {
    const scenario = afterTreatment()
      .when(labs([ALT(130)], at('12:00')))
      .thenAlert('lab-abnormality', { change: 'alert.raised', reasons: ['CTCAE_GRADE_2'] });
    const { alertId } = scenario.decided('lab-abnormality')[0].view;
    scenario
      .when(labs([ALT(300)], at('15:00')))
      .thenAlert('lab-abnormality', { change: 'alert.escalated', reasons: ['CTCAE_GRADE_3'], alertId });
  });

  it('a correction lowering the grade (3 → 2) downgrades the same alert (it must not escalate / re-open it)', () => {
    afterTreatment()
      .when(labs([ALT(300)], at('12:00')))
      .thenAlert('lab-abnormality', { change: 'alert.raised', reasons: ['CTCAE_GRADE_3'] })
      .when(labs([ALT(130)], at('15:00')))
      .thenAlert('lab-abnormality', { change: 'alert.downgraded', reasons: ['CTCAE_GRADE_2'] });
  });

  it('the same record delivered twice → one alert', () => {
    const original = labs([ALT(130)]);
    afterTreatment().when(original).thenAlert('lab-abnormality', { change: 'alert.raised' }).when(original).thenNoAlerts('lab-abnormality');
  });
});

describe('labs and vitals need a protocol', () => {
  it("a trial without a protocol gets no lab, Hy's law or vital-sign alerts", () => {
    given([treated('2021-01-01')])
      .thenAlert('configuration', { reasons: ['NO_PROTOCOL'] })
      .when(visitCompleted({ visitCode: 'M1', visitDate: M1, labs: [ALT(300), BILI(3)], vitals: { temperatureC: 39.5 } }))
      .thenNoAlerts();
  });
});
