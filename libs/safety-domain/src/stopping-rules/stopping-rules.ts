import { assessAdverseEvent } from '../adverse-events/ae-assessment';
import { AeRuleSettings } from '../adverse-events/ae-rule-settings';
import { alertIdFor } from '../alerts/alert-scope';
import { Occurrence, reconcileSlot } from '../alerts/alert-slot';
import { AlertDecision, AlertView } from '../alerts/alert-view';
import { daysBetween } from '../monitor/calendar';
import { SubjectState } from '../monitor/subject-state';
import { TrialState } from '../monitor/trial-state';
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
  for (const rule of protocol.stoppingRules) {
    const state = stoppingRules[rule.id] ?? { qualifying: {} };
    const matching = Object.values(subject.aes).filter((r) => r.current && !r.nullified && matches(r.current, rule.match, settings, subject));
    const aeIds = matching.map((r) => r.aeId).sort();
    const latest = matching
      .map((r) => ({ time: r.currentTime as string, eventId: r.currentEventId as string }))
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.eventId.localeCompare(b.eventId))
      .pop();
    const qualifying = { ...state.qualifying };
    if (aeIds.length > 0) qualifying[subject.subjectId] = { aeIds, ...(subject.arm ? { arm: subject.arm } : {}), ...(latest ? { latest } : {}) };
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
  return { trial: { ...trial, stoppingRules }, decisions };
}

function latestOf(times: ({ time: string; eventId: string } | undefined)[]): Occurrence | undefined {
  return times
    .filter((t): t is { time: string; eventId: string } => t !== undefined)
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.eventId.localeCompare(b.eventId))
    .pop();
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
