import { AdverseEventState, AeAlertReason, AE_ALERT_REASONS, CAUSALITY_SCALE, Causality, Severity } from '@vigil/contracts';
import { AeRuleSettings } from './ae-rule-settings';

export interface AeAssessment {
  reasons: AeAlertReason[];
  severity: Severity | undefined;
  fatal: boolean;
  lifeThreatening: boolean;
  lifeThreateningOrFatal: boolean;
  aesi?: string;
}

export function atOrAbove(causality: Causality | undefined, threshold: Causality): boolean {
  return causality !== undefined && CAUSALITY_SCALE.indexOf(causality) >= CAUSALITY_SCALE.indexOf(threshold);
}

/** SPEC §4: related when the investigator's or the sponsor's causality reaches the threshold (a sponsor may upgrade, never downgrade). */
export function isRelated(ae: Pick<AdverseEventState, 'causality' | 'sponsorCausality'>, threshold: Causality): boolean {
  return atOrAbove(ae.causality, threshold) || atOrAbove(ae.sponsorCausality, threshold);
}

/** SPEC §4 reasons and severity for one AE version. Pure: the same version always gives the same answer. */
export function assessAdverseEvent(ae: AdverseEventState, settings: AeRuleSettings, studyDay?: number): AeAssessment {
  const serious = ae.seriousCriteria.length > 0;
  const fatal = ae.outcome === 'fatal' || ae.seriousCriteria.includes('death') || ae.grade === 5;
  const lifeThreatening = ae.seriousCriteria.includes('life-threatening');
  const related = isRelated(ae, settings.relatedThreshold);
  const susar = serious && related && ae.expectedness === 'unexpected';
  const severe = ae.grade >= settings.severeGradeThreshold;
  const aesi = settings.protocolRules ? settings.matchAesi?.(ae, studyDay) : undefined;

  const present = new Set<AeAlertReason>();
  if (serious) present.add('SERIOUS');
  if (fatal) present.add('FATAL');
  if (susar) present.add('SUSAR');
  if (settings.protocolRules && related) present.add('RELATED');
  if (settings.protocolRules && severe) present.add('SEVERE');
  if (aesi) present.add('AESI');
  const reasons = AE_ALERT_REASONS.filter((r) => present.has(r));

  let severity: Severity | undefined;
  if (fatal || lifeThreatening || susar) severity = 'critical';
  else if (serious || (present.has('RELATED') && present.has('SEVERE'))) severity = 'high';
  else if (reasons.length > 0) severity = 'medium';

  return { reasons, severity, fatal, lifeThreatening, lifeThreateningOrFatal: fatal || lifeThreatening, ...(aesi ? { aesi } : {}) };
}
