import { AdverseEventState } from '@vigil/contracts';
import { AeRuleSettings } from '../adverse-events/ae-rule-settings';
import { AesiDefinition, Protocol } from '../protocol/protocol';
import { TrialRules } from './react-to-input-event';

/** A trial's protocol turned into the settings the pure rules take. */
export function trialRulesFromProtocol(protocol: Protocol): TrialRules {
  const aesi = protocol.aesi.map(compileAesi);
  const adverseEvents: AeRuleSettings = {
    protocolRules: true,
    relatedThreshold: protocol.related.causalityThreshold,
    severeGradeThreshold: protocol.severe.gradeThreshold,
    matchAesi: (ae, studyDay) => aesi.find((a) => a.matches(ae, studyDay))?.name,
  };
  return { protocol, adverseEvents };
}

interface AesiMatcher {
  name: string;
  matches(ae: AdverseEventState, studyDay: number | undefined): boolean;
}

function compileAesi(definition: AesiDefinition): AesiMatcher {
  const patterns = (definition.termPatterns ?? []).map((source) => new RegExp(source, 'i'));
  const codes = new Set(definition.ptCodes ?? []);
  const matches = (ae: AdverseEventState, studyDay: number | undefined): boolean => {
    const coded = ae.meddra?.ptCode !== undefined && codes.has(ae.meddra.ptCode);
    const termed = patterns.some((p) => p.test(ae.term) || (ae.meddra?.pt !== undefined && p.test(ae.meddra.pt)));
    if (!coded && !termed) return false;
    const limit = definition.withinDaysAfterTreatment;
    // A time-limited AESI (e.g. fever within 72 h) needs a known treatment day to be judged.
    return limit === undefined || (studyDay !== undefined && studyDay >= 0 && studyDay <= limit);
  };
  return { name: definition.name, matches };
}
