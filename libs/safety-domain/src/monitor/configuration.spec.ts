import { InputEvent } from '@vigil/contracts';
import { loadProtocols } from '../../../platform/src/protocols/load-protocols';
import { UNIVERSAL_AE_RULES } from '../adverse-events/ae-rule-settings';
import { alertIdFor } from '../alerts/alert-scope';
import { addDays } from './calendar';
import { trialRulesFromProtocol } from './trial-rules';
import { aeVersion, aeVersionFor, enrolled, TEST_TRIAL, testProtocol, testRules, treated, visitCompleted } from '../testing/given-events';
import { given } from '../testing/given-when-then';

/** SPEC §2/§4: a trial with no loaded protocol gets the universal rules and one `configuration` alert. */
describe('configuration alert: a trial without a protocol', () => {
  it.each<[string, InputEvent]>([
    ['an enrolment', enrolled()],
    ['a non-serious AE', aeVersion()],
    ['a visit', visitCompleted({ visitCode: 'M1', visitDate: '2021-01-31' })],
  ])('the first event (%s) raises one low-severity configuration alert', (_, event) => {
    given([event]).thenAlerts([
      {
        change: 'alert.raised',
        sequence: 1,
        causedBy: event.id,
        alertId: alertIdFor({ kind: 'configuration', trialId: TEST_TRIAL }),
        kind: 'configuration',
        trialId: TEST_TRIAL,
        severity: 'low',
        reasons: ['NO_PROTOCOL'],
        dueBy: undefined,
      },
    ]);
  });

  it('is raised once per trial, however many events and subjects follow', () => {
    given([enrolled({}, { subject: 'CK-001' })], { adverseEvents: UNIVERSAL_AE_RULES })
      .thenAlerts([{ kind: 'configuration' }])
      .when(enrolled({}, { subject: 'CK-002' }), treated('2021-01-01', { subject: 'CK-001' }))
      .thenNoAlerts()
      .when(aeVersionFor('CK-002', { aeId: 'CK-002-AE-01', seriousCriteria: ['hospitalization'] }))
      .thenAlerts([{ kind: 'adverse-event', subjectId: 'CK-002' }])
      .when(aeVersion({ seriousCriteria: ['hospitalization'] }))
      .thenAlerts([{ kind: 'adverse-event', subjectId: 'CK-001' }]);
  });

  it('a serious AE as the first event: the configuration alert and the SERIOUS alert', () => {
    given([aeVersion({ seriousCriteria: ['hospitalization'] })]).thenAlerts([
      { kind: 'configuration', reasons: ['NO_PROTOCOL'] },
      { kind: 'adverse-event', reasons: ['SERIOUS'] },
    ]);
  });

  it('each trial without a protocol has its own configuration alert id', () => {
    const [a] = given([aeVersionFor('X-1', {}, 'TRIAL-A')])
      .thenAlert('configuration')
      .decided('configuration');
    const [b] = given([aeVersionFor('X-1', {}, 'TRIAL-B')])
      .thenAlert('configuration')
      .decided('configuration');
    expect(a.view.alertId).not.toBe(b.view.alertId);
  });

  it('a trial with a protocol never gets a configuration alert', () => {
    given([enrolled(), treated()], testRules())
      .thenNoAlerts()
      .when(aeVersion({ causality: 'possibly' }))
      .thenAlerts([{ kind: 'adverse-event' }]);
  });
});

describe('trialRulesFromProtocol', () => {
  it('carries the protocol thresholds into the AE rule settings', () => {
    const rules = trialRulesFromProtocol(testProtocol({ related: { causalityThreshold: 'probably' }, severe: { gradeThreshold: 4 } }));
    expect(rules.protocol?.trialId).toBe(TEST_TRIAL);
    expect(rules.adverseEvents).toMatchObject({ protocolRules: true, relatedThreshold: 'probably', severeGradeThreshold: 4 });
  });

  it('AESI matching: PT code, term or MedDRA PT name, first definition wins', () => {
    const { adverseEvents } = testRules();
    const base = aeVersion().data as never as Parameters<NonNullable<typeof adverseEvents.matchAesi>>[0];
    expect(adverseEvents.matchAesi?.({ ...base, term: 'lump', meddra: { ptCode: '10043565' } }, undefined)).toBe('Thromboembolism');
    expect(adverseEvents.matchAesi?.({ ...base, term: 'skin lesion', meddra: { pt: 'Basal cell carcinoma' } }, undefined)).toBe(
      'New malignancy',
    );
    expect(adverseEvents.matchAesi?.({ ...base, term: 'Pyrexia', meddra: undefined }, 2)).toBe('Fever within 72 h');
    expect(adverseEvents.matchAesi?.({ ...base, term: 'Pyrexia', meddra: undefined }, 5)).toBeUndefined();
  });
});

describe('the shipped protocol files drive the rules', () => {
  const protocols = loadProtocols('protocols');

  it('loads the three trials of SPEC §3', () => {
    expect([...protocols.keys()].sort()).toEqual(['MSC-EPIDURAL-IV-48', 'MSC-INTRADISCAL-33', 'NCT04410731']);
  });

  it.each([...loadProtocols('protocols').keys()])('%s: a SUSAR is critical with a 15-day clock; no configuration alert', (trialId) => {
    const rules = trialRulesFromProtocol(protocols.get(trialId)!);
    const susar = aeVersionFor(
      'S-1',
      { seriousCriteria: ['hospitalization'], causality: 'probably', expectedness: 'unexpected', time: '2021-02-04T10:00:00Z' },
      trialId,
    );
    given([susar], rules)
      .thenNoAlerts('configuration')
      .thenAlert('adverse-event', {
        severity: 'critical',
        dueBy: '2021-02-19T10:00:00.000Z',
        reasons: expect.arrayContaining(['SERIOUS', 'SUSAR', 'RELATED']),
      });
  });

  it('CellKine: fever 38.4 °C at DAY1 → FEVER; a fever AE on day 2 → AESI; a visit in window → no deviation', () => {
    const rules = trialRulesFromProtocol(protocols.get('NCT04410731')!);
    const treatedOn = '2021-01-01';
    given([treated(treatedOn), visitCompleted({ visitCode: 'DAY0', visitDate: treatedOn })], rules)
      .thenNoAlerts()
      .when(visitCompleted({ visitCode: 'DAY1', visitDate: addDays(treatedOn, 1), vitals: { temperatureC: 38.4 } }))
      .thenAlerts([{ kind: 'vital-sign', reasons: ['FEVER'] }])
      .when(aeVersion({ term: 'Fever', meddra: { ptCode: '10037660', pt: 'Pyrexia' }, onsetDate: addDays(treatedOn, 2), grade: 1 }))
      .thenAlerts([{ kind: 'adverse-event', reasons: ['AESI'] }]);
  });
});
