import { AdverseEventState, Causality } from '@vigil/contracts';

/** What the AE rule needs from a trial's protocol. With no protocol only the universal rules apply. */
export interface AeRuleSettings {
  /** false: the trial has no loaded protocol; only SERIOUS, FATAL and SUSAR are checked (SPEC §2). */
  protocolRules: boolean;
  relatedThreshold: Causality;
  severeGradeThreshold: number;
  /** The name of the AESI the AE matches, if any; studyDay is days since treatment when known. */
  matchAesi?: (ae: AdverseEventState, studyDay: number | undefined) => string | undefined;
}

export const UNIVERSAL_AE_RULES: AeRuleSettings = {
  protocolRules: false,
  relatedThreshold: 'possibly',
  severeGradeThreshold: 3,
};
