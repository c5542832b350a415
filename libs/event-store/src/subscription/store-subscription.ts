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
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  lastError?: string;

  constructor(
    private readonly dataSource: DataSource,
    readonly reaction: StoreReaction,
    private readonly options: { batchSize?: number; pollIntervalMs: number; logger?: SubscriptionLogger },
  ) {}

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
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let handled: number | null = 0;
      try {
        handled = await this.runOnce();
        failures = 0;
        this.lastError = undefined;
      } catch (error) {
        failures += 1;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.logger?.error(`${this.reaction.name} failed (attempt ${failures}); retrying`, error);
      }
      if (handled && failures === 0) continue;
      const backoff = failures === 0 ? this.options.pollIntervalMs : Math.min(30_000, 250 * 2 ** failures);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
