import { InputEvent, parseInputMessage, VISIT_EVENT_TYPES } from '@vigil/contracts';
import { generateTrial } from './generate-trial';
import { DEMO_INJECTIONS, INJECTIONS } from './injections';
import { CELLKINE, EPIDURAL, INTRADISCAL, PROTOCOLS, bySubject, currentAes, isRelated, ofType, studyDay } from './simulation-fixtures';

const options = { subjects: 10, seed: 7, startDate: '2020-09-02' };
const demo = (trialId: string, seed = 7): InputEvent[] => {
  const protocol = PROTOCOLS.get(trialId)!;
  return generateTrial(protocol, {
    subjects: protocol.targetEnrollment!,
    seed,
    startDate: '2020-09-02',
    injections: DEMO_INJECTIONS[trialId],
  });
};

describe('generateTrial', () => {
  it('gives identical events for the same seed and different ones for another seed', () => {
    expect(generateTrial(CELLKINE, options)).toEqual(generateTrial(CELLKINE, options));
    expect(demo('MSC-EPIDURAL-IV-48')).toEqual(demo('MSC-EPIDURAL-IV-48'));
    const other = generateTrial(CELLKINE, { ...options, seed: 8 });
    expect(other).not.toEqual(generateTrial(CELLKINE, options));
    expect(new Set(other.map((e) => e.id))).not.toEqual(new Set(generateTrial(CELLKINE, options).map((e) => e.id)));
  });

  it.each([...PROTOCOLS.keys()])('emits only events that pass the input contract (%s)', (trialId) => {
    const events = demo(trialId);
    const visitTypes: readonly string[] = VISIT_EVENT_TYPES;
    const failures = events
      .map((event) => parseInputMessage(Buffer.from(JSON.stringify(event)), visitTypes.includes(event.type) ? 'visits' : 'adverseEvents'))
      .filter((result) => !result.ok);
    expect(failures).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(
      events.every((e) => e.trialid === trialId && /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.id)),
    ).toBe(true);
  });

  it.each([...PROTOCOLS.keys()])('keeps every subject in time order, enrolment and treatment first (%s)', (trialId) => {
    const events = demo(trialId);
    expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort());
    for (const [, own] of bySubject(events)) {
      expect(own.slice(0, 2).map((e) => e.type)).toEqual(['subject.enrolled', 'visit.completed']);
      const treated = own.findIndex((e) => e.type === 'treatment.administered');
      const day0 = own.findIndex((e) => e.type === 'visit.completed' && e.data.visitCode === 'DAY0');
      expect(treated).toBeLessThan(day0);
      for (const event of own) {
        const date =
          event.type === 'visit.completed'
            ? event.data.visitDate
            : event.type === 'adverse-event.reported'
              ? event.data.onsetDate
              : undefined;
        // The EDC cannot record a visit or an AE before it happened.
        if (date) expect(event.time.slice(0, 10) >= date).toBe(true);
      }
    }
  });

  it.each([...PROTOCOLS.keys()])('completes every scheduled visit inside its window when nothing is injected (%s)', (trialId) => {
    const protocol = PROTOCOLS.get(trialId)!;
    const events = generateTrial(protocol, { ...options, subjects: 12 });
    for (const [subject, own] of bySubject(events)) {
      const visits = ofType(own, 'visit.completed');
      expect(visits.map((v) => v.data.visitCode)).toEqual(protocol.visits.map((v) => v.code));
      for (const visit of visits) {
        const def = protocol.visits.find((v) => v.code === visit.data.visitCode)!;
        const day = studyDay(events, subject, visit.data.visitDate);
        expect(day).toBeGreaterThanOrEqual(def.studyDay - def.windowBeforeDays);
        expect(day).toBeLessThanOrEqual(def.studyDay + def.windowAfterDays);
        expect(visit.data.labs !== undefined).toBe(def.labs === true);
        expect(visit.data.vitals!.temperatureC).toBeLessThan(protocol.vitals.feverThresholdC);
      }
    }
    expect(ofType(events, 'visit.missed')).toEqual([]);
    expect(currentAes(events).filter((ae) => ae.serious || isRelated(ae))).toEqual([]);
  });

  it('reproduces the first CellKine subject from the publication', () => {
    const events = generateTrial(CELLKINE, options);
    const aes = currentAes(events.filter((e) => e.subject === 'CK-001'));
    expect(aes).toHaveLength(12);
    expect(aes.every((ae) => !ae.serious && ae.causality === 'not-related')).toBe(true);
    const pain = aes.find((ae) => ae.aeId === 'CK-001-AE-01')!;
    expect(pain).toMatchObject({ term: 'Dull pain from waistline to buttocks', outcome: 'recovered' });
    expect(studyDay(events, 'CK-001', pain.onsetDate)).toBe(1);
    expect(studyDay(events, 'CK-001', pain.endDate!)).toBe(9);
    expect(aes.map((ae) => ae.term)).toContain('Superficial basal cell carcinoma');
    expect(ofType(events, 'subject.enrolled')[0].data).toMatchObject({ siteId: 'mayo-fl', enrolledOn: '2020-09-02', arm: 'MSC', sex: 'F' });
    const labVisits = ofType(events, 'visit.completed').filter((v) => v.subject === 'CK-001' && v.data.labs);
    expect(labVisits.map((v) => v.data.visitCode)).toEqual(['M3', 'M12', 'M24']);
    expect(labVisits[0].data.labs!.map((l) => l.test)).toEqual([
      'ALT',
      'AST',
      'BILI',
      'ALP',
      'CREAT',
      'NEUT',
      'PLAT',
      'HGB',
      'APTT',
      'INR',
      'CRP',
    ]);
    expect(labVisits[0].data.labs!.every((l) => l.value >= l.lln! && l.value <= l.uln!)).toBe(true);
  });

  it('gives the intradiscal cohort its one severe one-day back pain and nothing else', () => {
    const events = generateTrial(INTRADISCAL, { ...options, subjects: 33 });
    const aes = currentAes(events);
    expect(aes).toHaveLength(1);
    expect(aes[0]).toMatchObject({ grade: 3, serious: false, outcome: 'recovered' });
    expect(studyDay(events, events.find((e) => e.type === 'adverse-event.reported')!.subject, aes[0].endDate!)).toBe(1);
  });

  it('gives most epidural subjects post-procedure pain that resolves within days', () => {
    const events = generateTrial(EPIDURAL, { ...options, subjects: 48 });
    const aes = currentAes(events);
    expect(aes.length).toBeGreaterThan(24);
    const days = aes.map((ae) => studyDay(events, ae.aeId.slice(0, 6), ae.endDate!) - studyDay(events, ae.aeId.slice(0, 6), ae.onsetDate));
    expect(days.filter((d) => d <= 5).length / days.length).toBeGreaterThan(0.7);
    expect(Math.max(...days)).toBeLessThanOrEqual(10);
  });

  it('ships demo injections that cover every injection and an SAE per trial', () => {
    expect(new Set(Object.values(DEMO_INJECTIONS).flat())).toEqual(new Set(INJECTIONS));
    for (const trialId of PROTOCOLS.keys()) {
      expect(DEMO_INJECTIONS[trialId]).toContain('sae');
      expect(currentAes(demo(trialId)).some((ae) => ae.serious)).toBe(true);
    }
  });
});
