import { Command } from '@nestjs/cqrs';
import { RebuildReport } from '@vigil/event-store';
import { rebuildableReactions } from '../evaluate-safety-rules/rebuildable-reactions';
import { TrialRulesRegistry } from '../evaluate-safety-rules/trial-rules';

export interface RebuildOptions {
  /** Keep a rebuilt state that differs from the live one (default: leave the live state as it was). */
  keepIfDifferent?: boolean;
  onProgress?: (handled: number, total: number) => void;
  batchSize?: number;
  /** The share of the time the replay may work (see RebuildOptions in libs/event-store). */
  dutyCycle?: number;
}

/**
 * Recompute one derived state (the rules' memory or a read model) from the store beside the live one and
 * compare them. Resolves with the comparison; a state that differs is not an error, a failure is.
 */
export class RebuildReadModel extends Command<RebuildReport> {
  constructor(
    readonly name: string,
    readonly options: RebuildOptions = {},
  ) {
    super();
  }
}

/** Every name RebuildReadModel accepts, in the order a full rebuild must run them (rules first: they append). */
export const REBUILDABLE_NAMES: readonly string[] = rebuildableReactions(new TrialRulesRegistry()).map((r) => r.name);

export class UnknownReadModel extends Error {
  constructor(readonly readModel: string) {
    super(`unknown read model "${readModel}" (known: ${REBUILDABLE_NAMES.join(', ')})`);
  }
}
