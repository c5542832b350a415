import { AdverseEventState, AeAlertReason } from '@vigil/contracts';
import { alertIdFor } from '../alerts/alert-scope';
import { AlertView } from '../alerts/alert-view';
import { AeAssessment } from './ae-assessment';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The monitor's memory of one AE: its current (highest) version and when each reason first became known. */
export interface AeRecord {
  aeId: string;
  trialId: string;
  subjectId: string;
  current?: AdverseEventState;
  currentTime?: string;
  currentEventId?: string;
  nullified?: { version: number; reason: string; time: string };
  /**
   * Every version that became the current one, in arrival order. Awareness is re-derived from them
   * whenever what we know about the subject changes (e.g. the treatment date arrives after the AE).
   */
  accepted: { ae: AdverseEventState; time: string; eventId: string }[];
  /** Awareness per reason: the `time` of the first version that met it (day 0 of the sponsor's clock). */
  reasonSince: Partial<Record<AeAlertReason, string>>;
  /** When the AE first became life-threatening, and fatal: each restarts the 7-day SUSAR clock (SPEC §4). */
  lifeThreateningSince?: string;
  fatalSince?: string;
  /** The last view announced; undefined when there is none or it was withdrawn. */
  alert?: AlertView;
  alertSequence: number;
  alertUpdates?: number;
}

export function newAeRecord(trialId: string, subjectId: string, aeId: string): AeRecord {
  return { aeId, trialId, subjectId, accepted: [], reasonSince: {}, alertSequence: 0 };
}

/** SPEC §4 clocks: SUSAR 7 days (fatal/life-threatening, restarted when it became so) or 15 days; SAE 24 h. */
export function dueBy(record: AeRecord, assessment: AeAssessment): string | undefined {
  const susarSince = record.reasonSince.SUSAR;
  if (assessment.reasons.includes('SUSAR') && susarSince) {
    if (assessment.lifeThreateningOrFatal) {
      // The clock runs from the latest of: SUSAR awareness, becoming life-threatening, becoming fatal.
      const starts = [
        susarSince,
        assessment.lifeThreatening ? record.lifeThreateningSince : undefined,
        assessment.fatal ? record.fatalSince : undefined,
      ];
      const since = starts
        .filter((t): t is string => t !== undefined)
        .sort((a, b) => Date.parse(a) - Date.parse(b))
        .pop() as string;
      return addMs(since, 7 * DAY_MS);
    }
    return addMs(susarSince, 15 * DAY_MS);
  }
  const seriousSince = record.reasonSince.SERIOUS;
  if (assessment.reasons.includes('SERIOUS') && seriousSince) return addMs(seriousSince, 24 * HOUR_MS);
  return undefined;
}

export function aeAlertView(record: AeRecord, assessment: AeAssessment): AlertView | undefined {
  const ae = record.current;
  if (!ae || record.nullified || !assessment.severity || assessment.reasons.length === 0) return undefined;
  const due = dueBy(record, assessment);
  return {
    alertId: alertIdFor({ kind: 'adverse-event', trialId: record.trialId, subjectId: record.subjectId, aeId: ae.aeId }),
    trialId: record.trialId,
    kind: 'adverse-event',
    subjectId: record.subjectId,
    aeId: ae.aeId,
    reasons: assessment.reasons,
    severity: assessment.severity,
    title: `${headline(assessment)}: ${ae.term} (${record.subjectId}, grade ${ae.grade})`,
    ...(due ? { dueBy: due } : {}),
    evidence: {
      aeVersion: ae.version,
      reportedIn: record.currentEventId,
      term: ae.term,
      ...(ae.meddra ? { meddra: ae.meddra } : {}),
      onsetDate: ae.onsetDate,
      endDate: ae.endDate ?? null,
      grade: ae.grade,
      seriousCriteria: ae.seriousCriteria,
      causality: ae.causality,
      ...(ae.sponsorCausality ? { sponsorCausality: ae.sponsorCausality } : {}),
      expectedness: ae.expectedness,
      outcome: ae.outcome,
      ...(assessment.aesi ? { aesi: assessment.aesi } : {}),
      awareness: record.reasonSince,
      ...(due ? { clock: clockBasis(assessment) } : {}),
    },
  };
}

function headline(assessment: AeAssessment): string {
  const r = assessment.reasons;
  if (r.includes('FATAL')) return 'Fatal adverse event';
  if (r.includes('SUSAR')) return 'SUSAR';
  if (r.includes('SERIOUS')) return 'Serious adverse event';
  if (r.includes('RELATED') && r.includes('SEVERE')) return 'Related severe adverse event';
  if (r.includes('AESI')) return 'Adverse event of special interest';
  if (r.includes('RELATED')) return 'Related adverse event';
  return 'Severe adverse event';
}

function clockBasis(assessment: AeAssessment): string {
  if (assessment.reasons.includes('SUSAR')) {
    return assessment.lifeThreateningOrFatal
      ? 'IND safety report, fatal or life-threatening SUSAR: 7 calendar days (21 CFR 312.32(c)(2))'
      : 'IND safety report: 15 calendar days (21 CFR 312.32(c)(1))';
  }
  return 'Investigator to sponsor, serious adverse event: 24 hours (21 CFR 312.64(b))';
}

function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
