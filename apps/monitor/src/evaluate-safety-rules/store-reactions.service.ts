import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { StoreSubscription } from '@vigil/event-store';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';

import { DataSource } from 'typeorm';
import { rebuildableReactions } from './rebuildable-reactions';
import { TrialRulesRegistry } from './trial-rules';

/** Runs the durable reactions to the store: the safety rules, then the read models they feed. */
@Injectable()
export class StoreReactionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StoreReactions');
  readonly subscriptions: StoreSubscription[];

  constructor(@Inject(VIGIL_CONFIG) config: VigilConfig, dataSource: DataSource, registry: TrialRulesRegistry) {
    const options = { pollIntervalMs: config.pollIntervalMs, logger: this.logger };
    this.subscriptions = rebuildableReactions(registry).map(
      (reaction) => new StoreSubscription(dataSource, reaction, options),
    );
  }

  onApplicationBootstrap(): void {
    for (const subscription of this.subscriptions) subscription.start();
    this.logger.log(`running ${this.subscriptions.map((s) => s.reaction.name).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }
}
