import { Protocol, VisitDefinition } from '../protocol/protocol';
import { addDays, daysBetween } from '../monitor/calendar';
import { SubjectState } from '../monitor/subject-state';

export type DeviationReason = 'UNKNOWN_VISIT_CODE' | 'MISSED' | 'OUT_OF_WINDOW' | 'OVERDUE';

export interface Deviation {
  reason: DeviationReason;
  detail: string;
  evidence: Record<string, unknown>;
}

/** SPEC §3–4: a visit completed out of its window, missed, overdue (by the clock), or unknown to the protocol. */
export function visitDeviation(subject: SubjectState, code: string, protocol: Protocol): Deviation | undefined {
  const definition = protocol.visits.find((v) => v.code === code);
  const record = subject.visits[code];
  if (!definition) {
    return record
      ? {
          reason: 'UNKNOWN_VISIT_CODE',
          detail: `visit code ${code} is not in the protocol`,
          evidence: { knownCodes: protocol.visits.map((v) => v.code) },
        }
      : undefined;
  }
  const window = visitWindow(definition);
  if (record?.status === 'missed') {
    return {
      reason: 'MISSED',
      detail: `visit ${code} was missed${record.reason ? `: ${record.reason}` : ''}`,
      evidence: { window, reason: record.reason ?? null },
    };
  }
  if (!subject.treatedOn) return undefined; // study days count from treatment; nothing to judge before it
  if (record?.status === 'completed' && record.visitDate) {
    const actualDay = daysBetween(subject.treatedOn, record.visitDate);
    if (actualDay < window.earliestDay || actualDay > window.latestDay) {
      return {
        reason: 'OUT_OF_WINDOW',
        detail: `visit ${code} on study day ${actualDay}, window ${window.earliestDay}..${window.latestDay}`,
        evidence: { window, actualDay, visitDate: record.visitDate, treatedOn: subject.treatedOn },
      };
    }
    return undefined;
  }
  const lastDay = addDays(subject.treatedOn, window.latestDay);
  if (subject.withdrawnOn && subject.withdrawnOn <= lastDay) return undefined;
  if (subject.now && subject.now.slice(0, 10) > lastDay) {
    return {
      reason: 'OVERDUE',
      detail: `visit ${code} not done by ${lastDay} (study day ${window.latestDay})`,
      evidence: { window, lastDay, treatedOn: subject.treatedOn },
    };
  }
  return undefined;
}

/** When the next visit of this subject becomes overdue: the clock wakes the subject then. */
export function nextOverdueCheck(subject: SubjectState, protocol: Protocol): string | undefined {
  if (!subject.treatedOn || subject.withdrawnOn) return undefined;
  // Visits already overdue by the subject's "now" were judged when that clock event came: looking at them
  // on every later tick would make each tick cost as much as every subject ever lost to follow-up.
  const today = subject.now?.slice(0, 10);
  const pending = protocol.visits
    .filter((v) => !subject.visits[v.code])
    .map((v) => addDays(subject.treatedOn as string, visitWindow(v).latestDay + 1))
    .filter((overdueOn) => today === undefined || overdueOn > today);
  return pending.sort()[0];
}

/** A scheduled visit's window in study days from the first treatment (day 0). */
export function visitWindow(v: VisitDefinition): { nominalDay: number; earliestDay: number; latestDay: number } {
  return { nominalDay: v.studyDay, earliestDay: v.studyDay - v.windowBeforeDays, latestDay: v.studyDay + v.windowAfterDays };
}
