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

/**
 * A report or follow-up. The highest version is the AE's state: a lower or equal version arriving late
 * is kept in the store but changes nothing here.
 */
export function reactToAeVersion(
  record: AeRecord,
  ae: AdverseEventState,
  at: Occurrence,
  settings: AeRuleSettings,
  studyDay?: number,
): AeReaction {
  if (record.nullified) return { record, decisions: [] };
  if (record.current && ae.version <= record.current.version) return { record, decisions: [] };

  const assessment = assessAdverseEvent(ae, settings, studyDay);
  const reasonSince = { ...record.reasonSince };
  for (const reason of assessment.reasons) reasonSince[reason] ??= at.time;
  const next: AeRecord = {
    ...record,
    current: ae,
    currentTime: at.time,
    currentEventId: at.eventId,
    reasonSince: Object.fromEntries(AE_ALERT_REASONS.filter((r) => reasonSince[r]).map((r) => [r, reasonSince[r]])),
  };
  const lifeThreateningSince = record.lifeThreateningSince ?? (assessment.lifeThreatening ? at.time : undefined);
  const fatalSince = record.fatalSince ?? (assessment.fatal ? at.time : undefined);
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
  const { slot, decision } = reconcileSlot({ view: record.alert, sequence: record.alertSequence }, view, at, note);
  const next: AeRecord = { ...record, alertSequence: slot.sequence };
  if (slot.view) next.alert = slot.view;
  else delete next.alert;
  return { record: next, decisions: decision ? [decision] : [] };
}
