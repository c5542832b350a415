import { loadProtocols } from '@vigil/platform';
import { trialRulesFromProtocol, TrialRules, UNIVERSAL_AE_RULES } from '@vigil/safety-domain';

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

/** Reads and validates every protocol file; a bad file throws with every problem named by file and field. */
export function loadTrialRules(protocolsDir: string): TrialRulesRegistry {
  const protocols = loadProtocols(protocolsDir);
  return new TrialRulesRegistry(new Map([...protocols].map(([trialId, p]) => [trialId, trialRulesFromProtocol(p)])));
}
