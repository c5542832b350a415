import { Causality } from '@vigil/contracts';
import { loadProtocols } from '@vigil/platform';
import { PROTOCOL_DEFAULTS } from '@vigil/safety-domain';

/**
 * Each trial's "related" causality threshold from its protocol file (SPEC §3), read once at start-up;
 * a trial without a protocol uses the SPEC default.
 */
export function loadRelatedThresholds(protocolsDir: string): (trialId: string) => Causality {
  const thresholds = new Map([...loadProtocols(protocolsDir)].map(([trialId, p]) => [trialId, p.related.causalityThreshold]));
  return (trialId) => thresholds.get(trialId) ?? PROTOCOL_DEFAULTS.causalityThreshold;
}
