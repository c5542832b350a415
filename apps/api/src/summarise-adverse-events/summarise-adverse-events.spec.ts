import { AdverseEventState } from '@vigil/contracts';
import { CurrentAe, summariseAdverseEvents } from './summarise-adverse-events';

const BACK_PAIN = { ptCode: '10003988', pt: 'Back pain', socCode: '10028395', soc: 'Musculoskeletal and connective tissue disorders' };
const ARTHRALGIA = { ptCode: '10003239', pt: 'Arthralgia', socCode: '10028395', soc: 'Musculoskeletal and connective tissue disorders' };
const UTI = { ptCode: '10046571', pt: 'Urinary tract infection', socCode: '10021881', soc: 'Infections and infestations' };

const ae = (subjectId: string, aeId: string, patch: Partial<AdverseEventState> = {}, arm?: string | null): CurrentAe => ({
  subjectId,
  ...(arm !== undefined ? { arm } : {}),
  ae: {
    aeId,
    version: 1,
    term: 'Dull pain from waistline to buttocks',
    meddra: BACK_PAIN,
    onsetDate: '2021-01-12',
    endDate: null,
    grade: 1,
    serious: false,
    seriousCriteria: [],
    causality: 'not-related',
    expectedness: 'expected',
    outcome: 'recovering',
    ...patch,
  },
});
const serious = { serious: true, seriousCriteria: ['hospitalization' as const] };
const grades = (g: Partial<Record<'1' | '2' | '3' | '4' | '5', number>>) => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, ...g });

describe('summariseAdverseEvents', () => {
  const enrolled = [{ arm: null, subjects: 3 }];

  it('groups by SOC → PT, counts events, distinct subjects, subjects at their worst grade, relatedness and seriousness', () => {
    const summary = summariseAdverseEvents(
      [
        ae('S1', 'S1-AE-1', { grade: 1 }),
        ae('S1', 'S1-AE-2', { grade: 3, causality: 'probably' }),
        ae('S2', 'S2-AE-1', { grade: 2, ...serious }),
        ae('S2', 'S2-AE-2', { meddra: ARTHRALGIA, term: 'Knee pain' }),
        ae('S3', 'S3-AE-1', { meddra: UTI, term: 'UTI', grade: 2 }),
      ],
      { relatedThreshold: 'possibly', enrolled, byArm: false },
    );
    expect(summary.totals).toEqual({
      aes: 5,
      subjectsWithAe: 3,
      serious: 1,
      byWorstGrade: grades({ '2': 2, '3': 1 }),
      byRelatedness: { related: 1, notRelated: 4 },
    });
    expect(summary.enrolledSubjects).toBe(3);
    expect(summary.relatedThreshold).toBe('possibly');
    expect(summary.socs.map((s) => s.soc)).toEqual(['Infections and infestations', 'Musculoskeletal and connective tissue disorders']);
    const musculoskeletal = summary.socs[1];
    expect(musculoskeletal).toMatchObject({
      socCode: '10028395',
      events: 4,
      subjects: 2,
      serious: 1,
      byWorstGrade: grades({ '2': 1, '3': 1 }),
    });
    expect(musculoskeletal.terms).toEqual([
      {
        pt: 'Arthralgia',
        ptCode: '10003239',
        events: 1,
        subjects: 1,
        serious: 0,
        byWorstGrade: grades({ '1': 1 }),
        byRelatedness: { related: 0, notRelated: 1 },
      },
      {
        pt: 'Back pain',
        ptCode: '10003988',
        events: 3,
        subjects: 2,
        serious: 1,
        byWorstGrade: grades({ '2': 1, '3': 1 }),
        byRelatedness: { related: 1, notRelated: 2 },
      },
    ]);
    expect(summary.byArm).toBeUndefined();
  });

  it('puts uncoded AEs under "Uncoded" by verbatim term, listed after the MedDRA SOCs', () => {
    const summary = summariseAdverseEvents(
      [
        ae('S1', 'A', { meddra: undefined, term: 'Facial rash' }),
        ae('S2', 'B', { meddra: undefined, term: 'Facial rash' }),
        ae('S1', 'C', { meddra: UTI }),
      ],
      { relatedThreshold: 'possibly', enrolled, byArm: false },
    );
    expect(summary.socs.map((s) => [s.soc, s.terms.map((t) => `${t.pt}:${t.events}/${t.subjects}`)])).toEqual([
      ['Infections and infestations', ['Urinary tract infection:1/1']],
      ['Uncoded', ['Facial rash:2/2']],
    ]);
    expect(summary.socs[1]).not.toHaveProperty('socCode');
    expect(summary.socs[1].terms[0]).not.toHaveProperty('ptCode');
  });

  it("counts an AE as related when the investigator's or the sponsor's causality reaches the trial's threshold", () => {
    const aes = [
      ae('S1', 'A', { causality: 'possibly' }),
      ae('S1', 'B', { causality: 'unlikely', sponsorCausality: 'probably' }),
      ae('S1', 'C', { causality: 'probably', sponsorCausality: 'not-related' }),
      ae('S1', 'D', { causality: 'unlikely' }),
    ];
    expect(summariseAdverseEvents(aes, { relatedThreshold: 'possibly', enrolled, byArm: false }).totals.byRelatedness).toEqual({
      related: 3,
      notRelated: 1,
    });
    expect(summariseAdverseEvents(aes, { relatedThreshold: 'probably', enrolled, byArm: false }).totals.byRelatedness).toEqual({
      related: 2,
      notRelated: 2,
    });
  });

  it("breaks everything down by arm, with each arm's denominator, only when asked", () => {
    const aes = [ae('S1', 'A', { grade: 2 }, 'B'), ae('S2', 'B', { grade: 4, ...serious }, 'A'), ae('S9', 'C', {}, null)];
    const summary = summariseAdverseEvents(aes, {
      relatedThreshold: 'possibly',
      enrolled: [
        { arm: 'A', subjects: 1 },
        { arm: 'B', subjects: 2 },
      ],
      byArm: true,
    });
    expect(Object.keys(summary.byArm!)).toEqual(['A', 'B', 'Unassigned']);
    expect(summary.byArm!.A).toMatchObject({
      enrolledSubjects: 1,
      totals: { aes: 1, subjectsWithAe: 1, serious: 1, byWorstGrade: grades({ '4': 1 }) },
    });
    expect(summary.byArm!.B).toMatchObject({
      enrolledSubjects: 2,
      totals: { aes: 1, subjectsWithAe: 1, serious: 0, byWorstGrade: grades({ '2': 1 }) },
    });
    expect(summary.byArm!.Unassigned).toMatchObject({ enrolledSubjects: 0, totals: { aes: 1 } });
    expect(summary.byArm!.A.socs[0].terms[0]).toMatchObject({ pt: 'Back pain', events: 1, subjects: 1 });
    expect(summary.totals.aes).toBe(3);
    expect(summary.enrolledSubjects).toBe(3);
  });

  it('gives zero counts and no groups for a trial without AEs', () => {
    const summary = summariseAdverseEvents([], { relatedThreshold: 'possibly', enrolled: [], byArm: true });
    expect(summary).toEqual({
      relatedThreshold: 'possibly',
      enrolledSubjects: 0,
      totals: { aes: 0, subjectsWithAe: 0, serious: 0, byWorstGrade: grades({}), byRelatedness: { related: 0, notRelated: 0 } },
      socs: [],
      byArm: {},
    });
  });
});
