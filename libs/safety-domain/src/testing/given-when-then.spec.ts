import { aeVersion, testRules } from './given-events';
import { given } from './given-when-then';

/** The scenario helper must fail when the rules decide otherwise, and say what they decided. */
describe('given / when / then', () => {
  const serious = () => aeVersion({ seriousCriteria: ['hospitalization'], time: '2021-02-04T10:00:00Z' });

  it('passes when the latest step decided exactly the expected changes', () => {
    given([serious()], testRules())
      .thenAlerts([{ change: 'alert.raised', kind: 'adverse-event', reasons: ['SERIOUS'], dueBy: '2021-02-05T10:00:00.000Z' }])
      .when(aeVersion({ version: 2, outcome: 'recovered' }))
      .thenAlert('adverse-event', { change: 'alert.withdrawn', note: /no longer meets/ });
  });

  it('fails on a different value, naming the field and listing what was decided', () => {
    expect(() => given([serious()], testRules()).thenAlert('adverse-event', { severity: 'critical' })).toThrow(
      /adverse-event\.reported evt-\d+ .*\n.*change 1: severity: expected "critical", got "high"[\s\S]*Decided \(all kinds\):\n {2}1\. alert\.raised adverse-event .*\["SERIOUS"\] high, due 2021-02-05T10:00:00\.000Z/,
    );
  });

  it('fails when there are more or fewer changes than expected', () => {
    expect(() => given([serious()], testRules()).thenNoAlerts()).toThrow(/expected 0 change\(s\), the rules decided 1/);
    expect(() => given([serious()], testRules()).thenAlerts('adverse-event', [{}, {}])).toThrow(
      /expected 2 change\(s\), the rules decided 1/,
    );
  });

  it('matches arrays exactly, `undefined` as absent, and only the latest step', () => {
    const first = serious();
    const scenario = given([first], testRules());
    expect(() => scenario.thenAlert('adverse-event', { reasons: ['SERIOUS', 'RELATED'] })).toThrow(
      /reasons: expected \["SERIOUS","RELATED"\]/,
    );
    expect(() => scenario.thenAlert('adverse-event', { dueBy: undefined })).toThrow(/dueBy: expected undefined \(absent\)/);
    scenario.when({ ...first, id: 'redelivered' }).thenNoAlerts(); // the raise belongs to the given step
  });
});
