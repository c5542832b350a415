import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { rebuild, RebuildReport } from '@vigil/event-store';
import { DataSource } from 'typeorm';
import { rebuildableReactions } from '../evaluate-safety-rules/rebuildable-reactions';
import { TrialRulesRegistry } from '../evaluate-safety-rules/trial-rules';
import { RebuildReadModel, UnknownReadModel } from './rebuild-read-model.command';

/**
 * Writes, in one transaction that holds the reader's checkpoint (the live monitor waits): the derived
 * state's rows (deleted and replayed) and its checkpoint; rolled back when the result differs and
 * `keepIfDifferent` is not set. Appends nothing to the store: alert-change ids are deterministic.
 */
@CommandHandler(RebuildReadModel)
export class RebuildReadModelHandler implements ICommandHandler<RebuildReadModel, RebuildReport> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: TrialRulesRegistry,
  ) {}

  async execute({ name, options }: RebuildReadModel): Promise<RebuildReport> {
    const reaction = rebuildableReactions(this.registry).find((r) => r.name === name);
    if (!reaction) throw new UnknownReadModel(name);
    return rebuild(this.dataSource, reaction, options);
  }
}
