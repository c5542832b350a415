import { PollingLoop } from '@vigil/platform';
import { DataSource, EntityManager } from 'typeorm';
import { claimCheckpoint, saveCheckpoint } from '../checkpoints';
import { positionOf, readInCommitOrder } from '../read-in-commit-order';
import { StoredEvent } from '../stored-event';

/** A durable reaction to the store: read model, rules engine… Handled events, writes and checkpoint commit together. */
export interface StoreReaction {
  name: string;
  /** Types the reaction reads; omitted = all. */
  eventTypes?: readonly string[];
  handle(tx: EntityManager, events: StoredEvent[]): Promise<void>;
}

export interface SubscriptionLogger {
  error(message: string, error?: unknown): void;
}

/**
 * Polls the store in commit order and feeds a reaction. Several instances may run the same reaction:
 * the checkpoint row lock lets exactly one of them advance at a time.
 */
export class StoreSubscription {
  private readonly loop: PollingLoop;

  constructor(
    private readonly dataSource: DataSource,
    readonly reaction: StoreReaction,
    private readonly options: { batchSize?: number; pollIntervalMs: number; logger?: SubscriptionLogger },
  ) {
    this.loop = new PollingLoop(reaction.name, () => this.runOnce(), { intervalMs: options.pollIntervalMs, logger: options.logger });
  }

  get lastError(): string | undefined {
    return this.loop.lastError;
  }

  /** One step: returns the number of events handled, or null when another instance holds the checkpoint. */
  async runOnce(): Promise<number | null> {
    return this.dataSource.transaction(async (tx) => {
      const position = await claimCheckpoint(tx, this.reaction.name);
      if (!position) return null;
      const events = await readInCommitOrder(tx, position, this.options.batchSize ?? 500, this.reaction.eventTypes);
      if (events.length === 0) return 0;
      await this.reaction.handle(tx, events);
      await saveCheckpoint(tx, this.reaction.name, positionOf(events[events.length - 1]));
      return events.length;
    });
  }

  /** Handles everything visible now; for rebuilds and tests. */
  async catchUp(onProgress?: (handled: number) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.runOnce();
      if (!handled) return total;
      total += handled;
      onProgress?.(total);
    }
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
