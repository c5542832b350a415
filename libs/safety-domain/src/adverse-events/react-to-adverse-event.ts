import { AdverseEventNullified, AdverseEventState, AE_ALERT_REASONS } from '@vigil/contracts';
import { Occurrence, reconcileSlot } from '../alerts/alert-slot';
import { AlertDecision } from '../alerts/alert-view';
import { assessAdverseEvent } from './ae-assessment';
import { aeAlertView, AeRecord } from './ae-record';
import { AeRuleSettings } from './ae-rule-settings';

export interface AeReaction {
  record: AeRecord;
  decisions: AlertDecision[];
}

/** Days since treatment for a calendar date, when the treatment date is known. */
export type StudyDayOf = (date: string) => number | undefined;

/**
 * A report or follow-up. The highest version is the AE's state: a lower or equal version arriving late
 * is kept in the store but changes nothing here.
 */
export function reactToAeVersion(
  record: AeRecord,
  ae: AdverseEventState,
  at: Occurrence,
  settings: AeRuleSettings,
  studyDayOf: StudyDayOf,
): AeReaction {
  if (record.nullified) return { record, decisions: [] };
  if (record.current && ae.version <= record.current.version) return { record, decisions: [] };
  const accepted = [...(record.accepted ?? []), { ae, time: at.time, eventId: at.eventId }];
  return derive({ ...record, accepted, current: ae, currentTime: at.time, currentEventId: at.eventId }, settings, studyDayOf, at);
}

/**
 * What we know about the subject changed (enrolment, treatment date): the AE is judged again as if that
 * had been known all along, so the result does not depend on which Kafka topic delivered first. A change
 * found this way is dated by the AE version it is about, not by the event that revealed it.
 */
export function reassessAe(record: AeRecord, settings: AeRuleSettings, studyDayOf: StudyDayOf): AeReaction {
  if (record.nullified || !record.current || !record.currentTime || !record.currentEventId) return { record, decisions: [] };
  return derive(record, settings, studyDayOf, { time: record.currentTime, eventId: record.currentEventId });
}

/** Awareness per reason from the accepted versions, in order: the time of the first version that met it. */
function derive(record: AeRecord, settings: AeRuleSettings, studyDayOf: StudyDayOf, at: Occurrence): AeReaction {
  const reasonSince: AeRecord['reasonSince'] = {};
  let lifeThreateningSince: string | undefined;
  let fatalSince: string | undefined;
  let assessment = assessAdverseEvent(
    record.current as AdverseEventState,
    settings,
    studyDayOf((record.current as AdverseEventState).onsetDate),
  );
  const accepted = record.accepted ?? [{ ae: record.current as AdverseEventState, time: at.time, eventId: at.eventId }];
  for (const version of accepted) {
    assessment = assessAdverseEvent(version.ae, settings, studyDayOf(version.ae.onsetDate));
    for (const reason of assessment.reasons) reasonSince[reason] ??= version.time;
    if (assessment.lifeThreatening) lifeThreateningSince ??= version.time;
    if (assessment.fatal) fatalSince ??= version.time;
  }
  const next: AeRecord = {
    ...record,
    reasonSince: Object.fromEntries(AE_ALERT_REASONS.filter((r) => reasonSince[r]).map((r) => [r, reasonSince[r]])),
  };
  delete next.lifeThreateningSince;
  delete next.fatalSince;
  if (lifeThreateningSince) next.lifeThreateningSince = lifeThreateningSince;
  if (fatalSince) next.fatalSince = fatalSince;
  return announce(next, aeAlertView(next, assessment), at);
}

/** Entered in error: the alert, if any, is withdrawn; nothing that follows revives the AE. */
export function reactToAeNullified(record: AeRecord, nullified: AdverseEventNullified, at: Occurrence): AeReaction {
  if (record.nullified) return { record, decisions: [] };
  const next: AeRecord = { ...record, nullified: { version: nullified.version, reason: nullified.reason, time: at.time } };
  return announce(next, undefined, at, `AE nullified (entered in error): ${nullified.reason}`);
}

function announce(record: AeRecord, view: AeRecord['alert'], at: Occurrence, note?: string): AeReaction {
  const { slot, decision } = reconcileSlot(
    { view: record.alert, sequence: record.alertSequence, updates: record.alertUpdates },
    view,
    at,
    note,
  );
  const next: AeRecord = { ...record, alertSequence: slot.sequence };
  if (slot.updates) next.alertUpdates = slot.updates;
  else delete next.alertUpdates;
  if (slot.view) next.alert = slot.view;
  else delete next.alert;
  return { record: next, decisions: decision ? [decision] : [] };
}
