import { aeVersion } from '../testing/given-events';
import { given } from '../testing/given-when-then';

// Only AE alerts are checked (`'adverse-event'`): a trial without a protocol also gets its configuration alert, tested elsewhere.
describe('adverse-event alert: SERIOUS (universal rule)', () => {
  it('given a hospitalised AE, then one high-severity alert due 24 h after awareness', () => {
    given([aeVersion({ seriousCriteria: ['hospitalization'], time: '2021-02-04T10:00:00Z' })]).thenAlert('adverse-event', {
      change: 'alert.raised',
      at: '2021-02-04T10:00:00Z',
      sequence: 1,
      reasons: ['SERIOUS'],
      severity: 'high',
      dueBy: '2021-02-05T10:00:00.000Z',
      aeId: 'CK-001-AE-03',
    });
  });

  it('given a non-serious AE, then no alert', () => {
    given([aeVersion({ grade: 2 })]).thenNoAlerts('adverse-event');
  });

  it.each([
    [['life-threatening'], 'critical'],
    [['death'], 'critical'],
    [['hospitalization'], 'high'],
    [['disability'], 'high'],
    [['congenital-anomaly'], 'high'],
    [['important-medical-event'], 'high'],
  ] as const)('given seriousness criteria %j, then severity %s', (criteria, severity) => {
    const outcome = criteria.includes('death' as never) ? 'fatal' : 'recovering';
    given([aeVersion({ seriousCriteria: [...criteria], outcome })]).thenAlert('adverse-event', { severity });
  });

  it('given a serious version, when the same version is delivered again, then no new alert', () => {
    const v1 = aeVersion({ seriousCriteria: ['hospitalization'] });
    given([v1])
      .thenAlert('adverse-event', { change: 'alert.raised' })
      .when({ ...v1, id: 'redelivered' })
      .thenNoAlerts('adverse-event');
  });

  it('given v2, when the late v1 arrives, then it changes nothing', () => {
    const v2 = aeVersion({ version: 2, seriousCriteria: ['hospitalization'], time: '2021-02-06T00:00:00Z' });
    const v1 = aeVersion({ version: 1, time: '2021-02-04T00:00:00Z' });
    const scenario = given([v2]).thenAlert('adverse-event', { change: 'alert.raised' }).when(v1).thenNoAlerts('adverse-event');
    expect(scenario.state.aes['CK-001-AE-03'].current?.version).toBe(2);
  });

  it('the alert id is the same in every replay and differs per AE', () => {
    const alertIdOf = (event: ReturnType<typeof aeVersion>) => given([event]).decided('adverse-event')[0].view.alertId;
    const a = alertIdOf(aeVersion({ seriousCriteria: ['hospitalization'] }));
    const b = alertIdOf(aeVersion({ seriousCriteria: ['hospitalization'] }));
    const c = alertIdOf(aeVersion({ aeId: 'CK-001-AE-04', seriousCriteria: ['hospitalization'] }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
