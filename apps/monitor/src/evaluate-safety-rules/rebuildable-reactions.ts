import { RebuildableReaction } from '@vigil/event-store';
import { AlertsProjection } from '@vigil/read-models';
import { SafetyRulesReaction } from './safety-rules.reaction';
import { TrialRulesRegistry } from './trial-rules';

/** Every derived state of the monitor, in the order a full rebuild must run them. */
export function rebuildableReactions(registry: TrialRulesRegistry): RebuildableReaction[] {
  return [new SafetyRulesReaction(registry), new AlertsProjection()];
}
