import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { rebuild, RebuildReport } from '@vigil/event-store';
import { DataSource } from 'typeorm';
import { rebuildableReactions } from '../evaluate-safety-rules/rebuildable-reactions';
import { TrialRulesRegistry } from '../evaluate-safety-rules/trial-rules';
import { RebuildReadModel, UnknownReadModel } from './rebuild-read-model.command';

/**
 * Replays the store into shadow copies of the derived state's tables in short transactions (the live
 * monitor goes on), compares with the live state at one position, and swaps the rebuilt rows in only when
 * they differ and `keepIfDifferent` is set (see `rebuild` in @vigil/event-store). The rules' replay
 * appends and notifies nothing: alert-change ids are deterministic.
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
