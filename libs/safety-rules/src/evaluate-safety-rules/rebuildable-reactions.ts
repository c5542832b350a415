import { RebuildableReaction } from '@vigil/event-store';
import {
  AeVersionsProjection,
  AlertsProjection,
  AlertVersionsProjection,
  NotificationsProjection,
  SubjectsProjection,
  TimelineProjection,
} from '@vigil/read-models';
import { SafetyRulesReaction } from './safety-rules.reaction';
import { TrialRulesRegistry } from './trial-rules';

/** Every derived state of the monitor, in the order a full rebuild must run them (rules first: they append). */
export function rebuildableReactions(registry: TrialRulesRegistry): RebuildableReaction[] {
  return [
    new SafetyRulesReaction(registry),
    new AlertsProjection(),
    new AlertVersionsProjection(),
    new NotificationsProjection(),
    new SubjectsProjection(),
    new AeVersionsProjection(),
    new TimelineProjection(),
  ];
}
