import { Sex } from './clinical-values';
import { MEDDRA } from './meddra';
import { Rng } from './prng';
import { AePlan, simpleAe } from './subject-plan';

/**
 * What the simulator needs beyond the protocol: subject-id prefix, sites, arms, default first enrolment and
 * the background AEs the publications describe. Sites and dates are the project's example choices.
 */
export interface TrialProfile {
  prefix: string;
  sites: string[];
  arms: string[];
  defaultStartDate: string;
  enrolmentGapDays: [number, number];
  treatmentSites(rng: Rng, arm: string): string[];
  /** The subject whose published AE history is reproduced; injections leave it alone. */
  featuredSubject?(subjects: number, rng: Rng): number;
  featuredSex?: Sex;
  backgroundAes(rng: Rng, featured: boolean): AePlan[];
}

const CELLKINE: TrialProfile = {
  prefix: 'CK',
  sites: ['mayo-fl'],
  arms: ['MSC'],
  defaultStartDate: '2020-09-02',
  enrolmentGapDays: [14, 45],
  treatmentSites: () => ['L4-L5 facet joint, left', 'L4-L5 facet joint, right'],
  featuredSubject: () => 0,
  featuredSex: 'F', // her AE list includes a hysterectomy
  backgroundAes: (rng, featured) => (featured ? cellkineFirstSubject(rng) : ordinaryBackground(rng)),
};

/** SPEC §3: the first CellKine subject's 24 months, none serious, none related to the product. */
function cellkineFirstSubject(rng: Rng): AePlan[] {
  const ae = (term: string, meddra: AePlan['meddra'], onsetDay: number, durationDays: number | null, grade = 1) =>
    simpleAe(rng, { term, meddra, onsetDay, durationDays, grade });
  return [
    ae('Dull pain from waistline to buttocks', MEDDRA.backPain, 1, 8),
    ae('Bruising below the injection site', MEDDRA.injectionSiteBruising, 2, 10),
    ae('Facial rash', MEDDRA.rash, 38, 14),
    ae('Diarrhea', MEDDRA.diarrhoea, 75, 3),
    ae('Trochanteric bursitis', MEDDRA.bursitis, 120, 50, 2),
    ae('Chest discomfort', MEDDRA.chestDiscomfort, 160, 1),
    ae('Narrow angles after laser peripheral iridotomy', MEDDRA.narrowAngle, 230, 30),
    ae('Shoulder pain', MEDDRA.arthralgia, 300, 45),
    ae('Hysterectomy', MEDDRA.hysterectomy, 380, 15, 2),
    ae('Urinary tract infection', MEDDRA.urinaryTractInfection, 450, 10, 2),
    ae('Superficial basal cell carcinoma', MEDDRA.basalCellCarcinoma, 520, 20),
    ae('Recurrent depressive disorder', MEDDRA.depression, 610, null, 2),
  ];
}

/** The everyday AEs of 40–70-year-olds over two years, none serious and none attributed to the cells. */
function ordinaryBackground(rng: Rng): AePlan[] {
  const aes: AePlan[] = [];
  const maybe = (p: number, make: () => AePlan) => rng.chance(p) && aes.push(make());
  maybe(0.5, () =>
    simpleAe(rng, {
      term: 'Low back pain after injection',
      meddra: MEDDRA.backPain,
      onsetDay: rng.int(0, 1),
      durationDays: rng.int(2, 8),
      grade: 1,
      causality: 'unlikely',
    }),
  );
  maybe(0.25, () =>
    simpleAe(rng, {
      term: 'Bruising at injection site',
      meddra: MEDDRA.injectionSiteBruising,
      onsetDay: 1,
      durationDays: rng.int(5, 10),
      grade: 1,
    }),
  );
  maybe(0.3, () =>
    simpleAe(rng, { term: 'Headache', meddra: MEDDRA.headache, onsetDay: rng.int(20, 700), durationDays: rng.int(0, 2), grade: 1 }),
  );
  maybe(0.4, () =>
    simpleAe(rng, {
      term: 'Common cold',
      meddra: MEDDRA.nasopharyngitis,
      onsetDay: rng.int(30, 700),
      durationDays: rng.int(5, 9),
      grade: 1,
    }),
  );
  maybe(0.15, () =>
    simpleAe(rng, {
      term: 'Urinary tract infection',
      meddra: MEDDRA.urinaryTractInfection,
      onsetDay: rng.int(60, 700),
      durationDays: rng.int(5, 12),
      grade: 2,
    }),
  );
  maybe(0.2, () =>
    simpleAe(rng, { term: 'Knee pain', meddra: MEDDRA.arthralgia, onsetDay: rng.int(30, 700), durationDays: rng.int(7, 40), grade: 1 }),
  );
  return aes;
}

const INTRADISCAL: TrialProfile = {
  prefix: 'ID',
  sites: ['clinic-01', 'clinic-02'],
  arms: ['MSC'],
  defaultStartDate: '2017-03-06',
  enrolmentGapDays: [7, 30],
  treatmentSites: (rng) => [rng.pick(['L4-L5 disc', 'L5-S1 disc', 'L3-L4 disc'])],
  featuredSubject: (subjects, rng) => rng.int(0, subjects - 1),
  // SPEC §3: one subject had severe low back pain for one day after the injection; no other AE.
  backgroundAes: (rng, featured) =>
    featured
      ? [
          {
            term: 'Severe low back pain after intradiscal injection',
            meddra: MEDDRA.backPain,
            onsetDay: 0,
            versions: [
              {
                recordedDay: 1,
                grade: 3,
                seriousCriteria: [],
                causality: 'unlikely',
                expectedness: 'expected',
                outcome: 'recovering',
                endDay: null,
              },
              {
                recordedDay: rng.int(2, 4),
                grade: 3,
                seriousCriteria: [],
                causality: 'unlikely',
                expectedness: 'expected',
                outcome: 'recovered',
                endDay: 1,
              },
            ],
          },
        ]
      : [],
};

const EPIDURAL: TrialProfile = {
  prefix: 'EF',
  sites: ['clinic-01', 'clinic-02', 'clinic-03'],
  arms: ['MSC-epidural-facet-IV', 'MSC-epidural-facet-IV', 'MSC-epidural-facet-IV-disc'],
  defaultStartDate: '2019-01-14',
  enrolmentGapDays: [4, 20],
  treatmentSites: (_rng, arm) => [
    'translaminar epidural L4-L5',
    'L4-L5 facet joint, left',
    'L4-L5 facet joint, right',
    'intravenous',
    ...(arm.endsWith('-disc') ? ['L4-L5 disc'] : []),
  ],
  // SPEC §3: most subjects had post-procedure pain that resolved within five days.
  backgroundAes: (rng) =>
    rng.chance(0.75)
      ? [
          simpleAe(rng, {
            term: 'Post-procedure low back pain',
            meddra: MEDDRA.proceduralPain,
            onsetDay: rng.int(0, 1),
            durationDays: rng.chance(0.85) ? rng.int(1, 5) : rng.int(6, 10),
            grade: rng.chance(0.8) ? 1 : 2,
            causality: 'unlikely',
          }),
        ]
      : [],
};

const GENERIC: TrialProfile = {
  prefix: 'S',
  sites: ['site-01'],
  arms: ['MSC'],
  defaultStartDate: '2021-01-04',
  enrolmentGapDays: [7, 21],
  treatmentSites: () => [],
  backgroundAes: (rng) => EPIDURAL.backgroundAes(rng, false),
};

const PROFILES: Record<string, TrialProfile> = {
  NCT04410731: CELLKINE,
  'MSC-INTRADISCAL-33': INTRADISCAL,
  'MSC-EPIDURAL-IV-48': EPIDURAL,
};

/** A trial without its own profile still simulates: post-procedure pain only, subjects S-001, S-002, ... */
export function profileFor(trialId: string): TrialProfile {
  return PROFILES[trialId] ?? GENERIC;
}
