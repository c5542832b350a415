import { TrialRules, UNIVERSAL_AE_RULES } from '@vigil/safety-domain';

/** Rules per trial: from its protocol when loaded, otherwise the universal ones (SPEC §2). */
export class TrialRulesRegistry {
  constructor(private readonly byTrial: ReadonlyMap<string, TrialRules> = new Map()) {}

  rulesFor(trialId: string): TrialRules {
    return this.byTrial.get(trialId) ?? { adverseEvents: UNIVERSAL_AE_RULES };
  }

  hasProtocol(trialId: string): boolean {
    return this.byTrial.has(trialId);
  }
}
