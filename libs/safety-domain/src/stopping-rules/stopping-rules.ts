import { assessAdverseEvent } from '../adverse-events/ae-assessment';
import { AeRuleSettings } from '../adverse-events/ae-rule-settings';
import { alertIdFor } from '../alerts/alert-scope';
import { Occurrence, reconcileSlot } from '../alerts/alert-slot';
import { AlertDecision, AlertView } from '../alerts/alert-view';
import { daysBetween } from '../monitor/calendar';
import { SubjectState } from '../monitor/subject-state';
import { ListedSubject, QualifyingEntry, TrialState } from '../monitor/trial-state';
import { Protocol, StoppingRuleMatch } from '../protocol/protocol';
import { AdverseEventState } from '@vigil/contracts';

/** At most this many qualifying subjects are listed in a stopping-rule alert's evidence (the most recent). */
export const STOPPING_RULE_LISTED_SUBJECTS = 50;

/**
 * Re-counts every stopping rule after one subject's AEs changed. A rule fires when its count of distinct
 * subjects reaches the threshold: a recommendation to pause for DSMB review, never an automatic stop.
 * The subject keeps its own qualifying AEs; the trial keeps only the count and the most recent qualifying
 * subjects, so an event costs the same whether 2 or 20 000 subjects qualify.
 */
export function updateStoppingRules(
  trial: TrialState,
  subject: SubjectState,
  protocol: Protocol,
  settings: AeRuleSettings,
  at: Occurrence,
): { trial: TrialState; subject: SubjectState; decisions: AlertDecision[] } {
  const stoppingRules = { ...trial.stoppingRules };
  const own = { ...(subject.stoppingRules ?? {}) };
  const decisions: AlertDecision[] = [];
  let changed = false;
  for (const rule of protocol.stoppingRules) {
    const matching = Object.values(subject.aes).filter(
      (r) => r.current && !r.nullified && matchesStoppingRule(r.current, rule.match, settings, subject),
    );
    const aeIds = matching.map((r) => r.aeId).sort();
    const latest = latestOf(matching.map((r) => ({ time: r.currentTime as string, eventId: r.currentEventId as string })));
    const entry: QualifyingEntry | undefined =
      aeIds.length > 0 ? { aeIds, ...(subject.arm ? { arm: subject.arm } : {}), ...(latest ? { latest } : {}) } : undefined;
    const before = own[rule.id];
    // Only this subject changed: when its entry is what it was, the rule wants what it wanted before.
    if (sameEntry(entry, before)) continue;
    changed = true;
    if (entry) own[rule.id] = entry;
    else delete own[rule.id];

    const state = stoppingRules[rule.id] ?? { count: 0, listed: [] };
    const count = state.count + (entry ? 1 : 0) - (before ? 1 : 0);
    const listed = listSubjects(state.listed, subject.subjectId, entry);
    const newest = entry?.latest ? latestOf([state.latest, entry.latest]) : state.latest;
    const wanted: AlertView | undefined =
      count >= rule.threshold
        ? {
            alertId: alertIdFor({ kind: 'stopping-rule', trialId: trial.trialId, ruleId: rule.id }),
            trialId: trial.trialId,
            kind: 'stopping-rule',
            reasons: ['STOPPING_RULE'],
            severity: 'critical',
            title: `Stopping rule "${rule.id}" reached (${count} of ${rule.threshold} subjects): pause for DSMB review recommended`,
            evidence: {
              ruleId: rule.id,
              description: rule.description,
              threshold: rule.threshold,
              count,
              recommendation: 'Pause enrolment and dosing pending DSMB review. Vigil stops nothing by itself.',
              subjects: [...listed].sort((a, b) => a.subjectId.localeCompare(b.subjectId)).map(({ latest: _, ...s }) => s),
              ...(count > listed.length
                ? {
                    subjectsNotListed: count - listed.length,
                    note: `the ${listed.length} most recent qualifying subjects are listed; the AE listing holds every qualifying AE`,
                  }
                : {}),
            },
          }
        : undefined;
    // Dated by the latest qualifying AE version, not by whichever event revealed it: the same facts give the
    // same change whatever order the topics and partitions delivered them in.
    const basis = wanted ? (newest ?? at) : at;
    const { slot, decision } = reconcileSlot(state.slot, wanted, basis, 'fewer subjects than the threshold qualify now');
    stoppingRules[rule.id] = { count, listed, ...(newest ? { latest: newest } : {}), ...(slot ? { slot } : {}) };
    if (decision) decisions.push(decision);
  }
  if (!changed) return { trial, subject, decisions };
  const { stoppingRules: _, ...rest } = subject;
  return { trial: { ...trial, stoppingRules }, subject: Object.keys(own).length > 0 ? { ...rest, stoppingRules: own } : rest, decisions };
}

/** The most recent qualifying subjects (by their latest qualifying AE version), at most STOPPING_RULE_LISTED_SUBJECTS. */
function listSubjects(listed: ListedSubject[], subjectId: string, entry: QualifyingEntry | undefined): ListedSubject[] {
  const others = listed.filter((s) => s.subjectId !== subjectId);
  if (!entry) return others;
  const next = [...others, { subjectId, ...entry }];
  if (next.length <= STOPPING_RULE_LISTED_SUBJECTS) return next;
  const rank = (s: ListedSubject) => Date.parse(s.latest?.time ?? '') || 0;
  return next
    .sort(
      (a, b) =>
        rank(b) - rank(a) || (b.latest?.eventId ?? '').localeCompare(a.latest?.eventId ?? '') || a.subjectId.localeCompare(b.subjectId),
    )
    .slice(0, STOPPING_RULE_LISTED_SUBJECTS);
}

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

/** Whether one AE version qualifies a subject for a stopping rule (every given field of `match` holds); study days from `treatedOn`. */
export function matchesStoppingRule(
  ae: AdverseEventState,
  match: StoppingRuleMatch,
  settings: AeRuleSettings,
  subject: Pick<SubjectState, 'treatedOn'>,
): boolean {
  const studyDay = subject.treatedOn ? daysBetween(subject.treatedOn, ae.onsetDate) : undefined;
  const reasons = assessAdverseEvent(ae, settings, studyDay).reasons;
  if (match.minGrade !== undefined && ae.grade < match.minGrade) return false;
  if (match.related !== undefined && reasons.includes('RELATED') !== match.related) return false;
  if (match.serious !== undefined && reasons.includes('SERIOUS') !== match.serious) return false;
  if (match.fatal !== undefined && reasons.includes('FATAL') !== match.fatal) return false;
  if (match.aesi !== undefined && reasons.includes('AESI') !== match.aesi) return false;
  return true;
}

/**
 * The distinct subjects who qualify for a stopping rule: one current AE version each (the highest), matched
 * with `matchesStoppingRule`. The count below the threshold that the API's progress and the DSMB report show;
 * the rules themselves keep it in their state.
 */
export function subjectsQualifyingForStoppingRule(
  aes: Iterable<{ subjectId: string; ae: AdverseEventState; treatedOn?: string | null }>,
  match: StoppingRuleMatch,
  settings: AeRuleSettings,
): Set<string> {
  const subjects = new Set<string>();
  for (const { subjectId, ae, treatedOn } of aes)
    if (!subjects.has(subjectId) && matchesStoppingRule(ae, match, settings, { treatedOn: treatedOn ?? undefined }))
      subjects.add(subjectId);
  return subjects;
}
