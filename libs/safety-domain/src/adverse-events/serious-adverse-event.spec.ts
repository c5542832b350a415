import { InputEvent } from '@vigil/contracts';
import { aeVersion, given as givenAll } from '../testing/given-events';

/** Only the AE alerts: a trial without a protocol also gets its configuration alert, tested elsewhere. */
const given = (events: InputEvent[]) => {
  const result = givenAll(events);
  return { ...result, decisions: result.decisions.filter((d) => d.view.kind === 'adverse-event') };
};

describe('adverse-event alert: SERIOUS (universal rule)', () => {
  it('given a hospitalised AE, then one high-severity alert due 24 h after awareness', () => {
    const { decisions } = given([aeVersion({ seriousCriteria: ['hospitalization'], time: '2021-02-04T10:00:00Z' })]);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      change: 'alert.raised',
      at: '2021-02-04T10:00:00Z',
      sequence: 1,
      view: { kind: 'adverse-event', reasons: ['SERIOUS'], severity: 'high', dueBy: '2021-02-05T10:00:00.000Z', aeId: 'CK-001-AE-03' },
    });
  });

  it('given a non-serious AE, then no alert', () => {
    expect(given([aeVersion({ grade: 2 })]).decisions).toEqual([]);
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
    const { decisions } = given([aeVersion({ seriousCriteria: [...criteria], outcome })]);
    expect(decisions[0].view.severity).toBe(severity);
  });

  it('given the same serious version twice, then still one alert', () => {
    const v1 = aeVersion({ seriousCriteria: ['hospitalization'] });
    expect(given([v1, { ...v1, id: 'redelivered' }]).decisions).toHaveLength(1);
  });

  it('given v2 before v1, then the late v1 changes nothing', () => {
    const v2 = aeVersion({ version: 2, seriousCriteria: ['hospitalization'], time: '2021-02-06T00:00:00Z' });
    const v1 = aeVersion({ version: 1, time: '2021-02-04T00:00:00Z' });
    const { decisions, state } = given([v2, v1]);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised']);
    expect(state.aes['CK-001-AE-03'].current?.version).toBe(2);
  });

  it('the alert id is the same in every replay and differs per AE', () => {
    const a = given([aeVersion({ seriousCriteria: ['hospitalization'] })]).decisions[0].view.alertId;
    const b = given([aeVersion({ seriousCriteria: ['hospitalization'] })]).decisions[0].view.alertId;
    const c = given([aeVersion({ aeId: 'CK-001-AE-04', seriousCriteria: ['hospitalization'] })]).decisions[0].view.alertId;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
