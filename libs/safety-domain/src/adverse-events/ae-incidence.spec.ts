import { AdverseEventState, SPEC_UTI_FOLLOW_UP } from '@vigil/contracts';
import { aeIncidence } from './ae-incidence';

const BACK_PAIN = { ptCode: '10003988', pt: 'Back pain', socCode: '10028395', soc: 'Musculoskeletal and connective tissue disorders' };
const ae = (aeId: string, patch: Partial<AdverseEventState>): AdverseEventState => ({
  ...SPEC_UTI_FOLLOW_UP,
  aeId,
  term: 'Back pain',
  meddra: BACK_PAIN,
  grade: 1,
  ...patch,
});

describe('aeIncidence: SOC → PT × worst grade × relatedness, the one count the API summary and the DSMB report share', () => {
  it('given AEs of three subjects, counts each subject once at its worst grade, AEs by relatedness and seriousness', () => {
    const incidence = aeIncidence(
      [
        { subjectId: 'S1', ae: ae('A1', { grade: 1 }) },
        { subjectId: 'S1', ae: ae('A2', { grade: 3, causality: 'probably' }) },
        // Serious by its criterion alone: still serious.
        { subjectId: 'S2', ae: ae('A3', { grade: 2, seriousCriteria: ['hospitalization'] }) },
        { subjectId: 'S3', ae: ae('A4', { term: 'Odd feeling', meddra: undefined }) },
      ],
      10,
      'possibly',
    );
    expect(incidence.totals).toEqual({
      aes: 4,
      subjectsWithAe: 3,
      serious: 1,
      byWorstGrade: { '1': 1, '2': 1, '3': 1, '4': 0, '5': 0 },
      byRelatedness: { related: 1, notRelated: 3 },
    });
    expect(incidence.socs.map((s) => [s.soc, s.terms.map((t) => t.pt)])).toEqual([
      ['Musculoskeletal and connective tissue disorders', ['Back pain']],
      ['Uncoded', ['Odd feeling']], // uncoded last, under its verbatim term
    ]);
    expect(incidence.socs[0]).toMatchObject({ subjects: 2, events: 3, serious: 1, byWorstGrade: { '2': 1, '3': 1 } });
    expect(incidence.enrolledSubjects).toBe(10);
  });
});
