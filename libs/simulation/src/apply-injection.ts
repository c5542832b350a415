import { labRanges } from './clinical-values';
import { Injection } from './injections';
import { MEDDRA } from './meddra';
import { Rng } from './prng';
import { AePlan, AeVersionPlan, SubjectPlan, VisitPlan, findVisit } from './subject-plan';

/**
 * Edits subject plans so the event stream carries each injection's pattern (see INJECTION_DESCRIPTIONS).
 * Days are study days; onsets are drawn from the injection's own random stream, so the rest of the trial
 * is the same with or without it.
 */
type Version = Omit<AeVersionPlan, 'recordedDay'>;
const nonSerious = (grade: number, causality: Version['causality'] = 'not-related'): Version => ({
  grade,
  seriousCriteria: [],
  causality,
  expectedness: 'expected',
  outcome: 'recovering',
  endDay: null,
});

function addAe(plan: SubjectPlan, ae: AePlan): void {
  plan.aes.push(ae);
}

/** Labs go where the protocol schedules them, else on the month-1 visit as unscheduled labs. */
function labVisit(plan: SubjectPlan): VisitPlan | undefined {
  return findVisit(plan, (v) => v.labs !== undefined) ?? findVisit(plan, (v) => v.studyDay >= 28) ?? findVisit(plan, (v) => v.studyDay > 0);
}

function setLab(plan: SubjectPlan, visit: VisitPlan, test: string, timesUln: number | undefined, value?: number): void {
  const range = labRanges(plan.sex)[test];
  visit.labs ??= [];
  const existing = visit.labs.find((lab) => lab.test === test);
  const result = {
    test,
    value: value ?? Number((range.uln * (timesUln ?? 1)).toFixed(range.decimals)),
    unit: range.unit,
    lln: range.lln,
    uln: range.uln,
  };
  if (existing) Object.assign(existing, result);
  else visit.labs.push(result);
}

function visitByPreference(plan: SubjectPlan, codes: string[], fallbackIndex: (post: VisitPlan[]) => number): VisitPlan | undefined {
  const preferred = codes.map((code) => findVisit(plan, (v) => v.code === code)).find(Boolean);
  if (preferred) return preferred;
  const post = plan.visits.filter((v) => v.studyDay > 0 && !v.missed);
  return post[fallbackIndex(post)];
}

export function applyInjection(injection: Injection, subjects: SubjectPlan[], rng: Rng, windowAfter: (code: string) => number): void {
  const [plan] = subjects;
  switch (injection) {
    case 'sae': {
      const onset = rng.int(60, 150);
      const v1: Version = { ...nonSerious(3), seriousCriteria: ['hospitalization'], outcome: 'not-recovered' };
      addAe(plan, {
        term: 'Community-acquired pneumonia',
        meddra: MEDDRA.pneumonia,
        onsetDay: onset,
        versions: [
          { ...v1, recordedDay: onset + 1 },
          { ...v1, recordedDay: onset + 12, outcome: 'recovered', endDay: onset + 10 },
        ],
      });
      return;
    }
    case 'susar': {
      const onset = rng.int(3, 8);
      const v1: Version = {
        grade: 3,
        seriousCriteria: ['hospitalization'],
        causality: 'probably',
        expectedness: 'unexpected',
        outcome: 'not-recovered',
        endDay: null,
      };
      addAe(plan, {
        term: 'Injection site cellulitis requiring IV antibiotics',
        meddra: MEDDRA.injectionSiteCellulitis,
        onsetDay: onset,
        versions: [
          { ...v1, recordedDay: onset },
          { ...v1, recordedDay: onset + 14, outcome: 'recovered', endDay: onset + 12 },
        ],
      });
      return;
    }
    case 'fatal': {
      const onset = rng.int(150, 300);
      const v1: Version = {
        grade: 4,
        seriousCriteria: ['life-threatening', 'hospitalization'],
        causality: 'not-related',
        expectedness: 'expected',
        outcome: 'not-recovered',
        endDay: null,
      };
      addAe(plan, {
        term: 'Acute myocardial infarction',
        meddra: MEDDRA.myocardialInfarction,
        onsetDay: onset,
        versions: [
          { ...v1, recordedDay: onset },
          {
            ...v1,
            recordedDay: onset + 3,
            grade: 5,
            seriousCriteria: ['death', 'life-threatening', 'hospitalization'],
            outcome: 'fatal',
            endDay: onset + 2,
          },
        ],
      });
      plan.withdrawal = { studyDay: onset + 2, reason: 'Death (acute myocardial infarction)' };
      return;
    }
    case 'related-severe':
      addAe(plan, {
        term: 'Severe pain at injection site',
        meddra: MEDDRA.injectionSitePain,
        onsetDay: 1,
        versions: [
          { ...nonSerious(3, 'possibly'), recordedDay: 2 },
          { ...nonSerious(3, 'possibly'), recordedDay: 9, outcome: 'recovered', endDay: 6 },
        ],
      });
      return;
    case 'aesi-fever':
      addAe(plan, {
        term: 'Fever',
        meddra: MEDDRA.pyrexia,
        onsetDay: 1,
        versions: [{ ...nonSerious(1, 'unlikely'), recordedDay: 2, outcome: 'recovered', endDay: 2 }],
      });
      return;
    case 'hys-law': {
      const visit = labVisit(plan);
      if (!visit) return;
      setLab(plan, visit, 'ALT', 4);
      setLab(plan, visit, 'AST', 3.4);
      setLab(plan, visit, 'BILI', 2.5);
      return;
    }
    case 'lab-grade3': {
      const visit = labVisit(plan);
      if (visit) setLab(plan, visit, 'NEUT', undefined, 0.8);
      return;
    }
    case 'fever': {
      const visit = findVisit(plan, (v) => v.studyDay > 0);
      if (visit) visit.vitals = { ...visit.vitals, temperatureC: 38.4, heartRate: 96 };
      return;
    }
    case 'missed-visit': {
      const visit = visitByPreference(plan, ['M6'], (post) => Math.floor(post.length / 2));
      if (visit)
        visit.missed = { reason: 'Subject unavailable (travelling)', recordedStudyDay: visit.studyDay + windowAfter(visit.code) + 3 };
      return;
    }
    case 'out-of-window': {
      const visit = visitByPreference(plan, ['M3'], (post) => Math.min(1, post.length - 1));
      if (visit) visit.studyDay = visit.studyDay + windowAfter(visit.code) + 12;
      return;
    }
    case 'escalation': {
      const onset = rng.int(40, 120);
      const v1 = nonSerious(2);
      const v2: Version = { ...v1, grade: 3, seriousCriteria: ['hospitalization'] };
      addAe(plan, {
        term: 'Syncope',
        meddra: MEDDRA.syncope,
        onsetDay: onset,
        versions: [
          { ...v1, recordedDay: onset + 2 },
          { ...v2, recordedDay: onset + 4 },
          { ...v2, recordedDay: onset + 12, outcome: 'recovered', endDay: onset + 6 },
        ],
      });
      return;
    }
    case 'downgrade': {
      const onset = rng.int(30, 200);
      addAe(plan, {
        term: 'Chest pain',
        meddra: MEDDRA.chestPain,
        onsetDay: onset,
        versions: [
          { ...nonSerious(2), seriousCriteria: ['hospitalization'], recordedDay: onset + 1 },
          // Observation under 24 h in the emergency department: the investigator withdraws "hospitalisation".
          { ...nonSerious(2), recordedDay: onset + 3, outcome: 'recovered', endDay: onset + 1 },
        ],
      });
      return;
    }
    case 'nullified':
      addAe(plan, {
        term: 'Deep vein thrombosis, left calf',
        meddra: MEDDRA.deepVeinThrombosis,
        onsetDay: 10,
        versions: [{ ...nonSerious(2, 'unlikely'), recordedDay: 12 }],
        nullify: { studyDay: 15, reason: 'Entered in error: the report belongs to another subject' },
      });
      return;
    case 'stopping-rule':
      subjects.forEach((subject, i) => {
        const term = i === 0 ? 'Severe pain at injection site' : 'Severe low back pain after injection';
        const meddra = i === 0 ? MEDDRA.injectionSitePain : MEDDRA.backPain;
        addAe(subject, {
          term,
          meddra,
          onsetDay: 1 + i,
          versions: [
            { ...nonSerious(3, 'probably'), recordedDay: 2 + i },
            { ...nonSerious(3, 'probably'), recordedDay: 10 + i, outcome: 'recovered', endDay: 5 + i },
          ],
        });
      });
      return;
  }
}
