import { LabResult, Severity } from '@vigil/contracts';
import { alertIdFor, AlertScope, scopeKey } from '../alerts/alert-scope';
import { AlertView } from '../alerts/alert-view';
import { assessHysLaw, gradeLab, LabGrade } from '../labs';
import { SubjectState, VisitRecord } from '../monitor/subject-state';
import { Protocol } from '../protocol/protocol';
import { visitDeviation } from './visit-deviation';

/**
 * Every visit-level alert the subject should have now: lab abnormalities, Hy's law, vital signs and
 * visit deviations. Computed from the whole subject so corrections, treatment dates and the clock all
 * land in one place.
 */
export function wantedSubjectAlerts(subject: SubjectState, protocol: Protocol): Map<string, AlertView> {
  const wanted = new Map<string, AlertView>();
  const add = (scope: AlertScope, severity: Severity, reasons: string[], title: string, evidence: Record<string, unknown>) =>
    wanted.set(scopeKey(scope), {
      alertId: alertIdFor(scope),
      trialId: subject.trialId,
      kind: scope.kind,
      subjectId: subject.subjectId,
      ...('visitCode' in scope ? { visitCode: scope.visitCode } : {}),
      reasons,
      severity,
      title,
      evidence,
    });
  const base = { trialId: subject.trialId, subjectId: subject.subjectId };

  for (const visit of Object.values(subject.visits)) {
    if (visit.status !== 'completed') continue;
    for (const finding of labFindings(visit, protocol)) {
      const scope = { kind: 'lab-abnormality', ...base, visitCode: visit.code, test: finding.test } as const;
      add(
        scope,
        'medium',
        [`CTCAE_GRADE_${finding.grade}`],
        `${finding.term}, grade ${finding.grade} (${subject.subjectId}, ${visit.code})`,
        {
          ...finding,
          visitDate: visit.visitDate,
          reportedIn: visit.eventId,
        },
      );
    }
    const hys = assessHysLaw(visit.labs ?? []);
    if (hys) {
      add(
        { kind: 'hys-law', ...base, visitCode: visit.code },
        'high',
        ['HYS_LAW'],
        `Potential Hy's law case (${subject.subjectId}, ${visit.code})`,
        {
          ...hys,
          visitDate: visit.visitDate,
          reportedIn: visit.eventId,
        },
      );
    }
    for (const vital of vitalFindings(visit, protocol)) {
      add(
        { kind: 'vital-sign', ...base, visitCode: visit.code, vital: vital.vital },
        'medium',
        [vital.reason],
        `${vital.label} ${vital.value} (${subject.subjectId}, ${visit.code})`,
        { ...vital, visitDate: visit.visitDate, reportedIn: visit.eventId },
      );
    }
  }

  const codes = new Set([...protocol.visits.map((v) => v.code), ...Object.keys(subject.visits)]);
  for (const code of [...codes].sort()) {
    const deviation = visitDeviation(subject, code, protocol);
    if (!deviation) continue;
    add(
      { kind: 'visit-deviation', ...base, visitCode: code },
      'low',
      [deviation.reason],
      `Visit deviation: ${deviation.detail} (${subject.subjectId})`,
      deviation.evidence,
    );
  }
  return wanted;
}

/** Graded labs at or above the protocol's alert grade; a test reported twice in one visit counts at its worst. */
function labFindings(visit: VisitRecord, protocol: Protocol) {
  const worst = new Map<string, { grade: LabGrade; lab: LabResult }>();
  for (const lab of visit.labs ?? []) {
    const grade = gradeLab(lab);
    if (grade && grade.grade > (worst.get(grade.test)?.grade.grade ?? -1)) worst.set(grade.test, { grade, lab });
  }
  return [...worst.values()].flatMap(({ grade, lab }) => {
    const threshold = protocol.labs.tests?.[grade.test]?.alertAtGrade ?? protocol.labs.alertAtGrade;
    if (grade.grade === 0 || grade.grade < threshold) return [];
    return [{ ...grade, value: lab.value, unit: lab.unit ?? null, lln: lab.lln ?? null, uln: lab.uln ?? null, alertAtGrade: threshold }];
  });
}

const VITAL_CHECKS = [
  { vital: 'temperatureC', reason: 'FEVER', label: 'Fever', limit: (p: Protocol) => p.vitals.feverThresholdC },
  {
    vital: 'systolicBp',
    reason: 'HIGH_SYSTOLIC_BP',
    label: 'High systolic blood pressure',
    limit: (p: Protocol) => p.vitals.systolicBpHigh,
  },
  { vital: 'heartRate', reason: 'TACHYCARDIA', label: 'High heart rate', limit: (p: Protocol) => p.vitals.heartRateHigh },
] as const;

/** At or above the protocol's threshold alerts (SPEC §4: temperature ≥ the fever threshold). */
function vitalFindings(visit: VisitRecord, protocol: Protocol) {
  return VITAL_CHECKS.flatMap((check) => {
    const value = visit.vitals?.[check.vital];
    const limit = check.limit(protocol);
    if (value === undefined || limit === undefined || value < limit) return [];
    return [{ vital: check.vital, reason: check.reason, label: check.label, value, threshold: limit }];
  });
}
