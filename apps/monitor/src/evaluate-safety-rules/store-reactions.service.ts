import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { StoreSubscription } from '@vigil/event-store';
import { PgWakeups, VIGIL_CONFIG, VigilConfig, WAKE_CHANNELS } from '@vigil/platform';
import { rebuildableReactions, TrialRulesRegistry } from '@vigil/safety-rules';
import { DataSource } from 'typeorm';

/**
 * Runs the durable reactions to the store as two readers: the safety rules (they append alert changes),
 * and every read model together (one read of each page of the store, one transaction per page). Both
 * wake when a commit appends events, in this process or another.
 */
@Injectable()
export class StoreReactionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StoreReactions');
  readonly subscriptions: StoreSubscription[];

  constructor(@Inject(VIGIL_CONFIG) config: VigilConfig, dataSource: DataSource, registry: TrialRulesRegistry, wakeups: PgWakeups) {
    const options = { pollIntervalMs: config.pollIntervalMs, logger: this.logger };
    const [rules, ...readModels] = rebuildableReactions(registry);
    this.subscriptions = [
      new StoreSubscription(dataSource, rules, options),
      new StoreSubscription(dataSource, readModels, { ...options, name: 'read-models' }),
    ];
    for (const subscription of this.subscriptions) wakeups.on(WAKE_CHANNELS.events, () => subscription.wake());
  }

  onApplicationBootstrap(): void {
    for (const subscription of this.subscriptions) subscription.start();
    this.logger.log(`running ${this.subscriptions.map((s) => `${s.name} (${s.reactions.map((r) => r.name).join(', ')})`).join('; ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }
}
