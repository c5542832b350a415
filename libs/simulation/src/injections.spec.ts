import { InputEvent } from '@vigil/contracts';
import { Protocol } from '@vigil/safety-domain';
import { generateTrial } from './generate-trial';
import { INJECTIONS, Injection } from './injections';
import { PROTOCOLS, aeHistories, currentAes, isRelated, ofType, studyDay } from './simulation-fixtures';

const run = (protocol: Protocol, injections: Injection[], subjects = 10): InputEvent[] =>
  generateTrial(protocol, { subjects, seed: 3, startDate: '2021-01-04', injections });

const labsOf = (events: InputEvent[]) => ofType(events, 'visit.completed').filter((v) => v.data.labs);
const lab = (visit: ReturnType<typeof labsOf>[number], test: string) => visit.data.labs!.find((l) => l.test === test)!;

/** What each injection must leave in the event stream for its rule to fire (SPEC §4). */
const PATTERNS: Record<Injection, (events: InputEvent[], protocol: Protocol) => boolean> = {
  sae: (events) => currentAes(events).some((ae) => ae.seriousCriteria.includes('hospitalization') && !isRelated(ae) && ae.grade >= 3),
  susar: (events) => currentAes(events).some((ae) => ae.serious && isRelated(ae) && ae.expectedness === 'unexpected'),
  fatal: (events) => {
    const dead = currentAes(events).find((ae) => ae.outcome === 'fatal' && ae.seriousCriteria.includes('death') && ae.grade === 5);
    const withdrawn = ofType(events, 'subject.withdrawn')[0];
    const subject = dead?.aeId.slice(0, -6);
    const later = ofType(events, 'visit.completed').filter((v) => v.subject === subject && v.data.visitDate > withdrawn?.data.withdrawnOn);
    return !!dead && withdrawn?.subject === subject && withdrawn.data.withdrawnOn === dead.endDate && later.length === 0;
  },
  'related-severe': (events) => currentAes(events).some((ae) => isRelated(ae) && ae.grade >= 3 && !ae.serious),
  'aesi-fever': (events) =>
    currentAes(events).some((ae) => ae.meddra?.ptCode === '10037660' && studyDay(events, ae.aeId.slice(0, -6), ae.onsetDate) <= 3),
  'hys-law': (events) =>
    labsOf(events).some((v) => lab(v, 'ALT').value > 3 * lab(v, 'ALT').uln! && lab(v, 'BILI').value > 2 * lab(v, 'BILI').uln!),
  'lab-grade3': (events) => labsOf(events).some((v) => lab(v, 'NEUT').value < 1.0),
  fever: (events, protocol) =>
    ofType(events, 'visit.completed').some((v) => v.data.vitals!.temperatureC! >= protocol.vitals.feverThresholdC),
  'missed-visit': (events) => ofType(events, 'visit.missed').some((m) => m.data.visitCode === 'M6'),
  'out-of-window': (events, protocol) =>
    ofType(events, 'visit.completed').some((v) => {
      const def = protocol.visits.find((d) => d.code === v.data.visitCode)!;
      return studyDay(events, v.subject, v.data.visitDate) > def.studyDay + def.windowAfterDays;
    }),
  escalation: (events) => [...aeHistories(events).values()].some((h) => !h[0].serious && h[1]?.seriousCriteria.includes('hospitalization')),
  downgrade: (events) => [...aeHistories(events).values()].some((h) => h[0].serious && h.length > 1 && !h[h.length - 1].serious),
  nullified: (events) =>
    ofType(events, 'adverse-event.nullified').some((n) => {
      const history = aeHistories(events).get(n.data.aeId)!;
      return history.length > 0 && n.data.version === history.length + 1 && n.data.reason.length > 0;
    }),
  'stopping-rule': (events) =>
    new Set(
      currentAes(events)
        .filter((ae) => isRelated(ae) && ae.grade >= 3)
        .map((ae) => ae.aeId.slice(0, -6)),
    ).size >= 2,
};

describe.each([...PROTOCOLS.values()].map((p) => [p.trialId, p] as const))('injections into %s', (_id, protocol) => {
  const baseline = run(protocol, []);

  it.each([...INJECTIONS])('%s produces its pattern, absent without it', (injection) => {
    expect(PATTERNS[injection](run(protocol, [injection]), protocol)).toBe(true);
    expect(PATTERNS[injection](baseline, protocol)).toBe(false);
  });
});

describe('injection targets', () => {
  const protocol = PROTOCOLS.get('NCT04410731')!;

  it('gives each injection its own subject and spares the published first subject', () => {
    const events = run(protocol, ['sae', 'susar', 'fatal', 'escalation', 'downgrade']);
    const touched = [...aeHistories(events).values()].filter((h) => h.some((v) => v.serious)).map((h) => h[0].aeId.slice(0, -6));
    expect(new Set(touched).size).toBe(5);
    expect(touched).not.toContain('CK-001');
  });

  it('changes only the targeted subjects', () => {
    const withSae = run(protocol, ['sae']);
    const target = currentAes(withSae)
      .find((ae) => ae.serious)!
      .aeId.slice(0, -6);
    const others = (events: InputEvent[]) => events.filter((e) => e.subject !== target);
    expect(others(withSae)).toEqual(others(run(protocol, [])));
  });

  it('still works with fewer subjects than injections', () => {
    const events = run(protocol, ['stopping-rule', 'sae', 'fever'], 2);
    expect(PATTERNS['stopping-rule'](events, protocol)).toBe(true);
    expect(PATTERNS.sae(events, protocol)).toBe(true);
    expect(PATTERNS.fever(events, protocol)).toBe(true);
  });
});
