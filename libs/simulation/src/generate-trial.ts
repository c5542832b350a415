import { InputEvent } from '@vigil/contracts';
import { Protocol } from '@vigil/safety-domain';
import { parseCalendarDate } from './calendar';
import { assessmentsAt, baselineScores, normalLabs, normalVitals } from './clinical-values';
import { applyInjection } from './apply-injection';
import { Injection, subjectsNeeded } from './injections';
import { Rng, createRng } from './prng';
import { SubjectPlan, VisitPlan } from './subject-plan';
import { subjectEvents } from './subject-events';
import { profileFor } from './trial-profiles';

export interface GenerateTrialOptions {
  subjects: number;
  seed: number;
  /** First enrolment, YYYY-MM-DD. */
  startDate: string;
  /** None by default: the trial as published. `vigil simulate` passes DEMO_INJECTIONS. */
  injections?: Injection[];
}

/**
 * A whole simulated trial as the EDC would publish it, in time order. Pure and deterministic: every random
 * draw comes from streams seeded by (trial, seed, purpose), so the same options give the same events.
 */
export function generateTrial(protocol: Protocol, options: GenerateTrialOptions): InputEvent[] {
  const { subjects: count, seed } = options;
  if (!Number.isInteger(count) || count < 1) throw new Error(`subjects must be an integer >= 1 (got ${count})`);
  const profile = profileFor(protocol.trialId);
  const trialRng = createRng(protocol.trialId, seed, 'trial');
  const featured = profile.featuredSubject?.(count, trialRng);

  const plans: SubjectPlan[] = [];
  let enrolledOn = parseCalendarDate(options.startDate);
  for (let index = 0; index < count; index++) {
    if (index > 0) enrolledOn += trialRng.int(...profile.enrolmentGapDays);
    plans.push(planSubject(protocol, index, enrolledOn, index === featured, createRng(protocol.trialId, seed, 'subject', index)));
  }

  const windowAfter = (code: string) => protocol.visits.find((v) => v.code === code)?.windowAfterDays ?? 0;
  // Each injection gets subjects of its own while there are enough, then they are reused in the same order;
  // the subject with the published history is touched only when an injection needs more subjects than remain.
  const regular = createRng(protocol.trialId, seed, 'injections').shuffle(plans.filter((p) => p.index !== featured));
  const spare = plans.filter((p) => p.index === featured);
  let next = 0;
  (options.injections ?? []).forEach((injection, k) => {
    const need = Math.min(subjectsNeeded(injection), plans.length);
    const chosen = Array.from({ length: Math.min(need, regular.length) }, () => regular[next++ % regular.length]);
    chosen.push(...spare.slice(0, need - chosen.length));
    applyInjection(injection, chosen, createRng(protocol.trialId, seed, 'injection', injection, k), windowAfter);
  });

  const ctx = { trialId: protocol.trialId, seed, ...protocol.treatment };
  const timed = plans.flatMap((plan) => {
    plan.aes.sort((a, b) => a.onsetDay - b.onsetDay);
    return subjectEvents(plan, ctx, createRng(protocol.trialId, seed, 'record', plan.index)).map((e) => ({ ...e, subject: plan.index }));
  });
  return timed.sort((a, b) => a.at - b.at || a.subject - b.subject || a.seq - b.seq).map((t) => t.event);
}

function planSubject(protocol: Protocol, index: number, enrolledOn: number, featured: boolean, rng: Rng): SubjectPlan {
  const profile = profileFor(protocol.trialId);
  const sex = featured && profile.featuredSex ? profile.featuredSex : rng.pick(['F', 'M'] as const);
  const arm = rng.pick(profile.arms);
  const screening = protocol.visits.find((v) => v.studyDay < 0);
  // Screening happens on the enrolment day, somewhere in its window but at least a day before treatment.
  const screeningDay = screening
    ? rng.int(screening.studyDay - screening.windowBeforeDays, Math.min(-1, screening.studyDay + screening.windowAfterDays))
    : 0;
  const treatedOn = enrolledOn - screeningDay;
  const scores = baselineScores(rng);
  const visits: VisitPlan[] = protocol.visits.map((visit) => {
    const studyDay = visit === screening ? screeningDay : visit.studyDay + rng.int(-visit.windowBeforeDays, visit.windowAfterDays);
    return {
      code: visit.code,
      studyDay,
      vitals: normalVitals(rng),
      assessments: assessmentsAt(rng, scores, studyDay),
      ...(visit.labs ? { labs: normalLabs(rng, sex) } : {}),
    };
  });
  return {
    index,
    subjectId: `${profile.prefix}-${String(index + 1).padStart(3, '0')}`,
    siteId: profile.sites[index % profile.sites.length],
    arm,
    sex,
    ageYears: rng.int(40, 70),
    enrolledOn,
    treatedOn,
    treatmentSites: profile.treatmentSites(rng, arm),
    scores,
    visits,
    aes: profile.backgroundAes(rng, featured),
  };
}
