import { AdverseEventState, InputEvent, InputEventDataByType, InputEventType } from '@vigil/contracts';
import { formatCalendarDate, isoTime, secondsAt } from './calendar';
import { deterministicEventId } from './event-ids';
import { Rng } from './prng';
import { AePlan, SubjectPlan } from './subject-plan';

export interface TimedEvent {
  at: number;
  seq: number;
  event: InputEvent;
}

interface Context {
  trialId: string;
  seed: number;
  product: string;
  route: string;
  dose?: string;
}

/**
 * Dates and records one subject's plan. `time` is when the EDC recorded each fact: visits later the same day
 * or a few days on, AEs when the site learnt of them; the subject's events come back in time order.
 */
export function subjectEvents(plan: SubjectPlan, ctx: Context, rng: Rng): TimedEvent[] {
  const out: TimedEvent[] = [];
  const date = (studyDay: number) => formatCalendarDate(plan.treatedOn + studyDay);
  const at = (studyDay: number, hour: number) => secondsAt(plan.treatedOn + studyDay, hour, rng.int(0, 59), rng.int(0, 59));
  const endDay = plan.withdrawal?.studyDay ?? Infinity;
  const push = <T extends InputEventType>(type: T, seconds: number, data: InputEventDataByType[T]) => {
    const seq = out.length;
    const id = deterministicEventId(ctx.trialId, ctx.seed, plan.subjectId, seq, type, JSON.stringify(data));
    const event = {
      specversion: '1.0',
      id,
      source: `edc://site/${plan.siteId}`,
      type,
      subject: plan.subjectId,
      time: isoTime(seconds),
      datacontenttype: 'application/json',
      trialid: ctx.trialId,
      data,
    } as InputEvent;
    out.push({ at: seconds, seq, event });
  };

  const enrolledDay = plan.enrolledOn - plan.treatedOn;
  push('subject.enrolled', at(enrolledDay, 8), {
    siteId: plan.siteId,
    enrolledOn: date(enrolledDay),
    arm: plan.arm,
    sex: plan.sex,
    ageYears: plan.ageYears,
  });
  push('treatment.administered', at(0, 13), {
    administeredOn: date(0),
    product: ctx.product,
    ...(ctx.dose ? { dose: ctx.dose } : {}),
    route: ctx.route,
    ...(plan.treatmentSites.length ? { sites: plan.treatmentSites } : {}),
  });

  // Sites enter visits in the order they happen: a late entry delays the next one too.
  let lastVisit = -Infinity;
  for (const visit of plan.visits) {
    if (visit.studyDay > endDay) continue;
    if (visit.missed) {
      push('visit.missed', at(visit.missed.recordedStudyDay, 10), { visitCode: visit.code, reason: visit.missed.reason });
      continue;
    }
    // Screening before the 13:00 injection, DAY0 after it; other visits that afternoon or a few days later.
    const hour =
      visit.studyDay < 0 ? rng.int(9, 11) : visit.studyDay === 0 ? 15 : rng.chance(0.25) ? 24 * rng.int(1, 4) + 10 : rng.int(10, 17);
    lastVisit = Math.max(at(visit.studyDay, hour), lastVisit + 3600);
    push('visit.completed', lastVisit, {
      visitCode: visit.code,
      visitDate: date(visit.studyDay),
      assessments: visit.assessments,
      vitals: visit.vitals,
      ...(visit.labs ? { labs: visit.labs } : {}),
    });
  }

  plan.aes.forEach((ae, i) => pushAe(ae, `${plan.subjectId}-AE-${String(i + 1).padStart(2, '0')}`));
  if (plan.withdrawal)
    push('subject.withdrawn', at(plan.withdrawal.studyDay + 1, 17), {
      withdrawnOn: date(plan.withdrawal.studyDay),
      reason: plan.withdrawal.reason,
    });

  function pushAe(ae: AePlan, aeId: string): void {
    if (ae.onsetDay > endDay) return;
    let last = -Infinity;
    // A serious AE reaches the site within hours; other reports are entered during working hours.
    const stamp = (studyDay: number, serious: boolean) => {
      const seconds = Math.max(at(studyDay, serious ? rng.int(16, 21) : rng.int(9, 18)), last + 3600);
      last = seconds;
      return seconds;
    };
    ae.versions.forEach((v, index) => {
      if (index > 0 && v.recordedDay > endDay + 30) return;
      const state: AdverseEventState = {
        aeId,
        version: index + 1,
        term: ae.term,
        ...(ae.meddra ? { meddra: ae.meddra } : {}),
        onsetDate: date(ae.onsetDay),
        endDate: v.endDay === null ? null : date(v.endDay),
        grade: v.grade,
        serious: v.seriousCriteria.length > 0,
        seriousCriteria: v.seriousCriteria,
        causality: v.causality,
        ...(v.sponsorCausality ? { sponsorCausality: v.sponsorCausality } : {}),
        expectedness: v.expectedness,
        outcome: v.outcome,
      };
      push(index === 0 ? 'adverse-event.reported' : 'adverse-event.updated', stamp(v.recordedDay, state.serious), state);
    });
    if (ae.nullify) {
      push('adverse-event.nullified', stamp(ae.nullify.studyDay, false), {
        aeId,
        version: ae.versions.length + 1,
        reason: ae.nullify.reason,
      });
    }
  }

  return out.sort((a, b) => a.at - b.at || a.seq - b.seq);
}
