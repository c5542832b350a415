import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { TrialRules } from '../monitor/react-to-input-event';
import { aeNullified, aeVersion, given, testRules } from '../testing/given-events';

/** SPEC §2/§4: follow-ups carry the whole state; the alert escalates, downgrades or is withdrawn, never duplicated. */
type AeOverrides = Partial<AdverseEventState> & { time?: string };

const run = (events: InputEvent[], rules: TrialRules = testRules()) => {
  const result = given(events, rules);
  return { ...result, decisions: result.decisions.filter((d) => d.view.kind === 'adverse-event') };
};
const v = (version: number, overrides: AeOverrides = {}) =>
  aeVersion({ version, time: `2021-02-0${3 + version}T10:00:00Z`, ...overrides });

const serious: AeOverrides = { seriousCriteria: ['hospitalization'] };
const related: AeOverrides = { causality: 'probably' };

describe('AE follow-ups: escalation, downgrade, withdrawal', () => {
  it.each<[string, AeOverrides, AeOverrides, (string | null)[], string[]]>([
    ['non-serious, unrelated v1 → serious v2', {}, serious, [null, 'alert.raised'], ['SERIOUS']],
    ['related v1 → related and serious v2', related, { ...related, ...serious }, ['alert.raised', 'alert.escalated'], ['SERIOUS', 'RELATED']],
    ['related grade 2 v1 → related grade 3 v2 (severity medium → high)', related, { ...related, grade: 3 }, ['alert.raised', 'alert.escalated'], ['RELATED', 'SEVERE']],
    ['serious v1 → life-threatening v2 (high → critical)', serious, { seriousCriteria: ['hospitalization', 'life-threatening'] }, ['alert.raised', 'alert.escalated'], ['SERIOUS']],
    ['serious and related v1 → related only v2', { ...serious, ...related }, related, ['alert.raised', 'alert.downgraded'], ['RELATED']],
    ['related severe v1 → related grade 2 v2 (high → medium)', { ...related, grade: 3 }, related, ['alert.raised', 'alert.downgraded'], ['RELATED']],
    ['serious v1 → nothing left v2', serious, { outcome: 'recovered' }, ['alert.raised', 'alert.withdrawn'], ['SERIOUS']],
    ['serious v1 → same reasons v2 (other fields change: an update)', serious, { ...serious, grade: 1, outcome: 'recovered' }, ['alert.raised', 'alert.updated'], ['SERIOUS']],
  ])('%s', (_, first, second, changes, lastReasons) => {
    const { decisions, state } = run([v(1, first), v(2, second)]);
    const expected = changes.filter((c): c is string => c !== null);
    expect(decisions.map((d) => d.change)).toEqual(expected);
    expect(decisions[decisions.length - 1].view.reasons).toEqual(lastReasons);
    expect(decisions.every((d) => d.view.alertId === decisions[0].view.alertId)).toBe(true);
    expect(state.aes['CK-001-AE-03'].current?.version).toBe(2);
  });

  it('a downgrade keeps the alert id and tells what is left', () => {
    const { decisions } = run([v(1, { ...serious, ...related }), v(2, related)]);
    expect(decisions[1]).toMatchObject({
      change: 'alert.downgraded',
      sequence: 2,
      view: { alertId: decisions[0].view.alertId, reasons: ['RELATED'], severity: 'medium' },
    });
    expect(decisions[1].view.dueBy).toBeUndefined();
  });

  it('when all reasons are gone the alert is withdrawn with a note; a later serious version raises it again (same id)', () => {
    const { decisions } = run([v(1, serious), v(2), v(3, serious)]);
    expect(decisions.map((d) => [d.change, d.sequence])).toEqual([
      ['alert.raised', 1],
      ['alert.withdrawn', 2],
      ['alert.raised', 3],
    ]);
    expect(decisions[1].note).toMatch(/no longer meets/);
    expect(new Set(decisions.map((d) => d.view.alertId)).size).toBe(1);
  });

  it('nullification withdraws the alert, with the reason in the note; later versions change nothing', () => {
    const nullify = aeNullified({ aeId: 'CK-001-AE-03', version: 2, reason: 'duplicate of CK-001-AE-02' });
    const { decisions, state } = run([v(1, serious), nullify, v(3, { ...serious, outcome: 'fatal' })]);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.withdrawn']);
    expect(decisions[1]).toMatchObject({ sequence: 2, causedBy: nullify.id, view: { alertId: decisions[0].view.alertId } });
    expect(decisions[1].note).toContain('duplicate of CK-001-AE-02');
    expect(state.aes['CK-001-AE-03'].alert).toBeUndefined();
  });

  it('nullifying an AE that had no alert announces nothing', () => {
    expect(run([v(1), aeNullified({ aeId: 'CK-001-AE-03' })]).decisions).toEqual([]);
  });

  it('nullifying twice announces once', () => {
    expect(run([v(1, serious), aeNullified(), aeNullified()]).decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.withdrawn']);
  });

  it('out of order: v3 then v2 → v2 changes nothing', () => {
    const { decisions, state } = run([v(1, serious), v(3, { ...serious, ...related, grade: 3 }), v(2)]);
    expect(decisions.map((d) => d.change)).toEqual(['alert.raised', 'alert.escalated']);
    expect(state.aes['CK-001-AE-03'].current?.version).toBe(3);
    expect(state.aes['CK-001-AE-03'].alert?.reasons).toEqual(['SERIOUS', 'RELATED', 'SEVERE']);
  });

  it('the same version delivered again (new event id) → nothing', () => {
    const first = v(1, serious);
    const { decisions } = run([first, { ...first, id: 'redelivered-under-another-id' }, first]);
    expect(decisions).toHaveLength(1);
  });

  it('sequence numbers are 1, 2, 3 per alert, independent between AEs', () => {
    const other = (version: number, overrides: AeOverrides = {}) => aeVersion({ aeId: 'CK-001-AE-04', version, ...overrides });
    const { decisions } = run([
      v(1, related),
      other(1, serious),
      v(2, { ...related, ...serious }),
      other(2, { outcome: 'recovered' }),
      v(3, { ...related, seriousCriteria: ['life-threatening'] }),
    ]);
    const byAe = (aeId: string) => decisions.filter((d) => d.view.aeId === aeId).map((d) => [d.change, d.sequence]);
    expect(byAe('CK-001-AE-03')).toEqual([
      ['alert.raised', 1],
      ['alert.escalated', 2],
      ['alert.escalated', 3],
    ]);
    expect(byAe('CK-001-AE-04')).toEqual([
      ['alert.raised', 1],
      ['alert.withdrawn', 2],
    ]);
  });

  it('each change records the causing event and its time', () => {
    const first = v(1, serious);
    const second = v(2, { ...serious, ...related });
    const { decisions } = run([first, second]);
    expect(decisions.map((d) => [d.causedBy, d.at])).toEqual([
      [first.id, first.time],
      [second.id, second.time],
    ]);
    expect(decisions[1].view.evidence).toMatchObject({ aeVersion: 2, reportedIn: second.id });
  });
});
