import { AlertStatus } from '@vigil/contracts';
import { AeRuleSettings, alertIdFor, Protocol, subjectsQualifyingForStoppingRule } from '@vigil/safety-domain';
import { CurrentAdverseEvent } from '../adverse-events/current-adverse-events.sql';

export interface StoppingRuleProgress {
  ruleId: string;
  description: string;
  threshold: number;
  /** Distinct subjects with at least one current AE that matches the rule. */
  count: number;
  met: boolean;
  alertId?: string;
  status?: AlertStatus;
}

export interface StoppingRulesProgress {
  items: StoppingRuleProgress[];
}

/**
 * Each protocol stopping rule's progress toward its threshold: the distinct subjects whose current AEs match
 * it, judged by the rules' own matcher (`matchesStoppingRule`, study days from the first treatment), so the
 * count is the one the rules keep; and the rule's alert (its id is derived from trial and rule) when raised.
 * Pure.
 */
export function stoppingRulesProgress(
  trialId: string,
  protocol: Protocol,
  settings: AeRuleSettings,
  aes: CurrentAdverseEvent[],
  alerts: ReadonlyMap<string, AlertStatus>,
): StoppingRulesProgress {
  return {
    items: protocol.stoppingRules.map((rule) => {
      const subjects = subjectsQualifyingForStoppingRule(aes, rule.match, settings);
      const alertId = alertIdFor({ kind: 'stopping-rule', trialId, ruleId: rule.id });
      const status = alerts.get(alertId);
      return {
        ruleId: rule.id,
        description: rule.description,
        threshold: rule.threshold,
        count: subjects.size,
        met: subjects.size >= rule.threshold,
        ...(status ? { alertId, status } : {}),
      };
    }),
  };
}
