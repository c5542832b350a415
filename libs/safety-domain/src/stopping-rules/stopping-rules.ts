import { assessAdverseEvent } from '../adverse-events/ae-assessment';
import { AeRuleSettings } from '../adverse-events/ae-rule-settings';
import { alertIdFor } from '../alerts/alert-scope';
import { Occurrence, reconcileSlot } from '../alerts/alert-slot';
import { AlertDecision, AlertView } from '../alerts/alert-view';
import { daysBetween } from '../monitor/calendar';
import { SubjectState } from '../monitor/subject-state';
import { StoppingRuleState, TrialState } from '../monitor/trial-state';
import { Protocol, StoppingRuleMatch } from '../protocol/protocol';
import { AdverseEventState } from '@vigil/contracts';

/**
 * Re-counts every stopping rule after a subject's AEs changed. A rule fires when its count of distinct
 * subjects reaches the threshold: a recommendation to pause for DSMB review, never an automatic stop.
 */
export function updateStoppingRules(
  trial: TrialState,
  subject: SubjectState,
  protocol: Protocol,
  settings: AeRuleSettings,
  at: Occurrence,
): { trial: TrialState; decisions: AlertDecision[] } {
  const stoppingRules = { ...trial.stoppingRules };
  const decisions: AlertDecision[] = [];
  let changed = false;
  for (const rule of protocol.stoppingRules) {
    const existing = stoppingRules[rule.id];
    const state = existing ?? { qualifying: {} };
    const matching = Object.values(subject.aes).filter((r) => r.current && !r.nullified && matches(r.current, rule.match, settings, subject));
    const aeIds = matching.map((r) => r.aeId).sort();
    const latest = latestOf(matching.map((r) => ({ time: r.currentTime as string, eventId: r.currentEventId as string })));
    const entry = aeIds.length > 0 ? { aeIds, ...(subject.arm ? { arm: subject.arm } : {}), ...(latest ? { latest } : {}) } : undefined;
    // Only this subject changed: when its entry is what it was, the rule wants what it wanted before and
    // nothing can change. Skipping keeps the cost of an event independent of how many subjects qualify.
    if (existing && sameEntry(entry, state.qualifying[subject.subjectId])) continue;
    changed = true;
    const qualifying = { ...state.qualifying };
    if (entry) qualifying[subject.subjectId] = entry;
    else delete qualifying[subject.subjectId];

    const subjects = Object.keys(qualifying).sort();
    const wanted: AlertView | undefined =
      subjects.length >= rule.threshold
        ? {
            alertId: alertIdFor({ kind: 'stopping-rule', trialId: trial.trialId, ruleId: rule.id }),
            trialId: trial.trialId,
            kind: 'stopping-rule',
            reasons: ['STOPPING_RULE'],
            severity: 'critical',
            title: `Stopping rule "${rule.id}" reached (${subjects.length} of ${rule.threshold} subjects): pause for DSMB review recommended`,
            evidence: {
              ruleId: rule.id,
              description: rule.description,
              threshold: rule.threshold,
              count: subjects.length,
              recommendation: 'Pause enrolment and dosing pending DSMB review. Vigil stops nothing by itself.',
              subjects: subjects.map((id) => ({ subjectId: id, aeIds: qualifying[id].aeIds, ...(qualifying[id].arm ? { arm: qualifying[id].arm } : {}) })),
            },
          }
        : undefined;
    // Dated by the latest qualifying AE version, not by whichever event revealed it: the same facts give the
    // same change whatever order the topics and partitions delivered them in.
    const basis = wanted ? latestOf(subjects.map((id) => qualifying[id].latest)) ?? at : at;
    const { slot, decision } = reconcileSlot(state.slot, wanted, basis, 'fewer subjects than the threshold qualify now');
    stoppingRules[rule.id] = { qualifying, slot };
    if (decision) decisions.push(decision);
  }
  // The same trial state when nothing changed, so the rules' memory of the trial is not written again.
  return { trial: changed ? { ...trial, stoppingRules } : trial, decisions };
}

type QualifyingEntry = StoppingRuleState['qualifying'][string];

function sameEntry(a: QualifyingEntry | undefined, b: QualifyingEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.arm === b.arm &&
    a.latest?.time === b.latest?.time &&
    a.latest?.eventId === b.latest?.eventId &&
    a.aeIds.length === b.aeIds.length &&
    a.aeIds.every((id, i) => id === b.aeIds[i])
  );
}

/** The latest by time, then event id: one pass (a sort parsed every time again for each comparison). */
function latestOf(times: ({ time: string; eventId: string } | undefined)[]): Occurrence | undefined {
  let best: { time: string; eventId: string } | undefined;
  let bestMs = -Infinity;
  for (const t of times) {
    if (!t) continue;
    const ms = Date.parse(t.time);
    if (!best || ms > bestMs || (ms === bestMs && t.eventId.localeCompare(best.eventId) > 0)) [best, bestMs] = [t, ms];
  }
  return best;
}

function matches(ae: AdverseEventState, match: StoppingRuleMatch, settings: AeRuleSettings, subject: SubjectState): boolean {
  const studyDay = subject.treatedOn ? daysBetween(subject.treatedOn, ae.onsetDate) : undefined;
  const reasons = assessAdverseEvent(ae, settings, studyDay).reasons;
  if (match.minGrade !== undefined && ae.grade < match.minGrade) return false;
  if (match.related !== undefined && reasons.includes('RELATED') !== match.related) return false;
  if (match.serious !== undefined && reasons.includes('SERIOUS') !== match.serious) return false;
  if (match.fatal !== undefined && reasons.includes('FATAL') !== match.fatal) return false;
  if (match.aesi !== undefined && reasons.includes('AESI') !== match.aesi) return false;
  return true;
}
