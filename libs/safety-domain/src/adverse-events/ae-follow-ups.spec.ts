import { AdverseEventState } from '@vigil/contracts';
import { aeNullified, aeVersion, testRules } from '../testing/given-events';
import { given } from '../testing/given-when-then';

/** SPEC §2/§4: follow-ups carry the whole state; the alert escalates, downgrades or is withdrawn, never duplicated. */
type AeOverrides = Partial<AdverseEventState> & { time?: string };

const AE = 'adverse-event';
const v = (version: number, overrides: AeOverrides = {}) => aeVersion({ version, time: `2021-02-0${3 + version}T10:00:00Z`, ...overrides });

const serious: AeOverrides = { seriousCriteria: ['hospitalization'] };
const related: AeOverrides = { causality: 'probably' };

describe('AE follow-ups: escalation, downgrade, withdrawal', () => {
  it.each<[string, AeOverrides, AeOverrides, string | null, string | null, string[]]>([
    ['non-serious, unrelated v1 → serious v2', {}, serious, null, 'alert.raised', ['SERIOUS']],
    ['related v1 → related and serious v2', related, { ...related, ...serious }, 'alert.raised', 'alert.escalated', ['SERIOUS', 'RELATED']],
    [
      'related grade 2 v1 → related grade 3 v2 (severity medium → high)',
      related,
      { ...related, grade: 3 },
      'alert.raised',
      'alert.escalated',
      ['RELATED', 'SEVERE'],
    ],
    [
      'serious v1 → life-threatening v2 (high → critical)',
      serious,
      { seriousCriteria: ['hospitalization', 'life-threatening'] },
      'alert.raised',
      'alert.escalated',
      ['SERIOUS'],
    ],
    ['serious and related v1 → related only v2', { ...serious, ...related }, related, 'alert.raised', 'alert.downgraded', ['RELATED']],
    [
      'related severe v1 → related grade 2 v2 (high → medium)',
      { ...related, grade: 3 },
      related,
      'alert.raised',
      'alert.downgraded',
      ['RELATED'],
    ],
    ['serious v1 → nothing left v2', serious, { outcome: 'recovered' }, 'alert.raised', 'alert.withdrawn', ['SERIOUS']],
    [
      'serious v1 → same reasons v2 (other fields change: an update)',
      serious,
      { ...serious, grade: 1, outcome: 'recovered' },
      'alert.raised',
      'alert.updated',
      ['SERIOUS'],
    ],
  ])('%s', (_, first, second, firstChange, secondChange, lastReasons) => {
    const scenario = given([v(1, first)], testRules()).thenAlerts(AE, firstChange ? [{ change: firstChange }] : []);
    const alertId = scenario.decided(AE)[0]?.view.alertId;
    scenario.when(v(2, second)).thenAlert(AE, { change: secondChange, reasons: lastReasons, ...(alertId ? { alertId } : {}) });
    expect(scenario.state.aes['CK-001-AE-03'].current?.version).toBe(2);
  });

  it('a downgrade keeps the alert id and tells what is left', () => {
    const scenario = given([v(1, { ...serious, ...related })], testRules()).thenAlert(AE, { change: 'alert.raised' });
    const { alertId } = scenario.decided(AE)[0].view;
    scenario
      .when(v(2, related))
      .thenAlert(AE, { change: 'alert.downgraded', sequence: 2, alertId, reasons: ['RELATED'], severity: 'medium', dueBy: undefined });
  });

  it('when all reasons are gone the alert is withdrawn with a note; a later serious version raises it again (same id)', () => {
    const scenario = given([v(1, serious)], testRules()).thenAlert(AE, { change: 'alert.raised', sequence: 1 });
    const { alertId } = scenario.decided(AE)[0].view;
    scenario
      .when(v(2))
      .thenAlert(AE, { change: 'alert.withdrawn', sequence: 2, alertId, note: /no longer meets/ })
      .when(v(3, serious))
      .thenAlert(AE, { change: 'alert.raised', sequence: 3, alertId });
  });

  it('nullification withdraws the alert, with the reason in the note; later versions change nothing', () => {
    const nullify = aeNullified({ aeId: 'CK-001-AE-03', version: 2, reason: 'duplicate of CK-001-AE-02' });
    const scenario = given([v(1, serious)], testRules()).thenAlert(AE, { change: 'alert.raised' });
    const { alertId } = scenario.decided(AE)[0].view;
    scenario
      .when(nullify)
      .thenAlert(AE, {
        change: 'alert.withdrawn',
        sequence: 2,
        causedBy: nullify.id,
        alertId,
        note: expect.stringContaining('duplicate of CK-001-AE-02'),
      })
      .when(v(3, { ...serious, outcome: 'fatal' }))
      .thenNoAlerts(AE);
    expect(scenario.state.aes['CK-001-AE-03'].alert).toBeUndefined();
  });

  it('nullifying an AE that had no alert announces nothing', () => {
    given([v(1)], testRules())
      .thenNoAlerts(AE)
      .when(aeNullified({ aeId: 'CK-001-AE-03' }))
      .thenNoAlerts(AE);
  });

  it('nullifying twice announces once', () => {
    given([v(1, serious)], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when(aeNullified())
      .thenAlert(AE, { change: 'alert.withdrawn' })
      .when(aeNullified())
      .thenNoAlerts(AE);
  });

  it('out of order: v3 then v2 → v2 changes nothing', () => {
    const scenario = given([v(1, serious)], testRules())
      .when(v(3, { ...serious, ...related, grade: 3 }))
      .thenAlert(AE, { change: 'alert.escalated' })
      .when(v(2))
      .thenNoAlerts(AE);
    expect(scenario.decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.escalated']);
    expect(scenario.state.aes['CK-001-AE-03'].current?.version).toBe(3);
    expect(scenario.state.aes['CK-001-AE-03'].alert?.reasons).toEqual(['SERIOUS', 'RELATED', 'SEVERE']);
  });

  it('the same version delivered again (new event id) → nothing', () => {
    const first = v(1, serious);
    given([first], testRules())
      .thenAlert(AE, { change: 'alert.raised' })
      .when({ ...first, id: 'redelivered-under-another-id' }, first)
      .thenNoAlerts(AE);
  });

  it('sequence numbers are 1, 2, 3 per alert, independent between AEs', () => {
    const other = (version: number, overrides: AeOverrides = {}) => aeVersion({ aeId: 'CK-001-AE-04', version, ...overrides });
    given([v(1, related)], testRules())
      .thenAlerts(AE, [{ aeId: 'CK-001-AE-03', change: 'alert.raised', sequence: 1 }])
      .when(other(1, serious))
      .thenAlerts(AE, [{ aeId: 'CK-001-AE-04', change: 'alert.raised', sequence: 1 }])
      .when(v(2, { ...related, ...serious }))
      .thenAlerts(AE, [{ aeId: 'CK-001-AE-03', change: 'alert.escalated', sequence: 2 }])
      .when(other(2, { outcome: 'recovered' }))
      .thenAlerts(AE, [{ aeId: 'CK-001-AE-04', change: 'alert.withdrawn', sequence: 2 }])
      .when(v(3, { ...related, seriousCriteria: ['life-threatening'] }))
      .thenAlerts(AE, [{ aeId: 'CK-001-AE-03', change: 'alert.escalated', sequence: 3 }]);
  });

  it('each change records the causing event and its time', () => {
    const first = v(1, serious);
    const second = v(2, { ...serious, ...related });
    given([first], testRules())
      .thenAlert(AE, { causedBy: first.id, at: first.time })
      .when(second)
      .thenAlert(AE, { causedBy: second.id, at: second.time, evidence: { aeVersion: 2, reportedIn: second.id } });
  });
});
