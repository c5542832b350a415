import { AeOutcome, Causality, Expectedness, LabResult, MeddraCoding, SeriousnessCriterion, Vitals } from '@vigil/contracts';
import { EpochDay } from './calendar';
import { Rng } from './prng';
import { ScoreProfile, Sex } from './clinical-values';

/**
 * What happens to one subject, in study days (0 = treatment). Background generators and injections edit a
 * plan; `subject-events.ts` turns it into CloudEvents. Keeping the two apart lets an injection change one
 * visit or add one AE without knowing how events are dated or numbered.
 */
export interface SubjectPlan {
  index: number;
  subjectId: string;
  siteId: string;
  arm: string;
  sex: Sex;
  ageYears: number;
  enrolledOn: EpochDay;
  treatedOn: EpochDay;
  treatmentSites: string[];
  scores: ScoreProfile;
  visits: VisitPlan[];
  aes: AePlan[];
  withdrawal?: { studyDay: number; reason: string };
}

export interface VisitPlan {
  code: string;
  /** Actual study day of the visit (nominal day + jitter inside the window, unless an injection moves it). */
  studyDay: number;
  vitals: Vitals;
  assessments: Record<string, number>;
  labs?: LabResult[];
  missed?: { reason: string; recordedStudyDay: number };
}

export interface AePlan {
  term: string;
  meddra?: MeddraCoding;
  onsetDay: number;
  /** Version 1, 2, ... in order; each is the whole state at that follow-up. */
  versions: AeVersionPlan[];
  nullify?: { studyDay: number; reason: string };
}

export interface AeVersionPlan {
  /** Study day the EDC recorded this version (the sponsor's awareness day for version 1). */
  recordedDay: number;
  grade: number;
  seriousCriteria: SeriousnessCriterion[];
  causality: Causality;
  sponsorCausality?: Causality;
  expectedness: Expectedness;
  outcome: AeOutcome;
  endDay: number | null;
}

export interface SimpleAe {
  term: string;
  meddra?: MeddraCoding;
  onsetDay: number;
  grade: number;
  /** null: still ongoing at the end of follow-up. */
  durationDays: number | null;
  causality?: Causality;
}

/**
 * A non-serious AE's usual paper trail: reported some days after onset (often at the next visit) as
 * recovering, then a follow-up once it resolved; a short AE first reported after it ended has one version.
 */
export function simpleAe(rng: Rng, ae: SimpleAe): AePlan {
  const base: Pick<AeVersionPlan, 'grade' | 'seriousCriteria' | 'causality' | 'expectedness'> = {
    grade: ae.grade,
    seriousCriteria: [],
    causality: ae.causality ?? 'not-related',
    expectedness: 'expected',
  };
  const reportedDay = ae.onsetDay + rng.int(1, 7);
  const endDay = ae.durationDays === null ? null : ae.onsetDay + ae.durationDays;
  if (endDay !== null && endDay < reportedDay) {
    return {
      term: ae.term,
      meddra: ae.meddra,
      onsetDay: ae.onsetDay,
      versions: [{ ...base, recordedDay: reportedDay, outcome: 'recovered', endDay }],
    };
  }
  const first: AeVersionPlan = {
    ...base,
    recordedDay: reportedDay,
    outcome: endDay === null ? 'not-recovered' : 'recovering',
    endDay: null,
  };
  const followUp: AeVersionPlan =
    endDay === null
      ? { ...first, recordedDay: reportedDay + rng.int(20, 60), outcome: 'recovering' }
      : { ...first, recordedDay: endDay + rng.int(1, 10), outcome: 'recovered', endDay };
  return { term: ae.term, meddra: ae.meddra, onsetDay: ae.onsetDay, versions: [first, followUp] };
}

/** The first scheduled visit after treatment that matches, for injections that need "a visit after day 0". */
export function findVisit(plan: SubjectPlan, accept: (visit: VisitPlan) => boolean): VisitPlan | undefined {
  return plan.visits.find((visit) => !visit.missed && accept(visit));
}
