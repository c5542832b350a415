import { PollingLoop, StepOutcome } from '@vigil/platform';
import { DataSource, EntityManager } from 'typeorm';
import { claimCheckpoints, ensureCheckpoints, saveCheckpoint } from '../checkpoints';
import { readPage } from '../read-page';
import { CommitPosition, isAfter, StoredEvent } from '../stored-event';

/** How long after a wake-up an empty page means "not visible yet" rather than "nothing new". */
const RECENT_WAKE_MS = 250;

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
 * Feeds one or more reactions from the store in commit order. A group reads each page of the store once
 * and hands every reaction the events of its types after its own checkpoint; the reactions' writes and
 * all their checkpoints commit in one transaction. Several instances may run the same group: advisory
 * locks on the reactions' names let exactly one of them advance at a time. It runs when woken (a commit
 * appended events), and polls every `pollIntervalMs` as a safety net.
 */
export class StoreSubscription {
  readonly reactions: StoreReaction[];
  readonly name: string;
  private readonly loop: PollingLoop;
  private readonly types?: string[];

  constructor(
    private readonly dataSource: DataSource,
    reactions: StoreReaction | StoreReaction[],
    private readonly options: { batchSize?: number; pollIntervalMs: number; logger?: SubscriptionLogger; name?: string },
  ) {
    this.reactions = Array.isArray(reactions) ? reactions : [reactions];
    this.name = options.name ?? this.reactions.map((r) => r.name).join('+');
    this.types = this.reactions.some((r) => !r.eventTypes) ? undefined : [...new Set(this.reactions.flatMap((r) => r.eventTypes ?? []))];
    this.loop = new PollingLoop(this.name, () => this.runOnce(), { intervalMs: options.pollIntervalMs, logger: options.logger });
  }

  get lastError(): string | undefined {
    return this.loop.lastError;
  }

  /** One step: the number of events looked at (0: nothing new), `soon` when an older transaction holds newer events back, null when another instance holds a lock. */
  async runOnce(): Promise<StepOutcome> {
    return this.dataSource.transaction(async (tx) => {
      const names = this.reactions.map((r) => r.name);
      // Derived state only: should the server crash before this commit reaches the disk, the checkpoint
      // goes back with the writes and the same events are read again, giving the same deterministic ids.
      await tx.query(`set local synchronous_commit = off`);
      const positions = await claimCheckpoints(tx, names);
      if (!positions) return null;
      const from = [...positions.values()].reduce((min, p) => (isAfter(min, p) ? p : min));
      const page = await readPage(tx, from, this.options.batchSize ?? 1000, this.types);
      // Woken but nothing visible yet: an older transaction still holds the commit-order horizon back
      // (it commits in a moment). Look again soon rather than at the next poll.
      if (!page.scannedTo) return Date.now() - this.wokenAt < RECENT_WAKE_MS ? 'soon' : 0;
      for (const reaction of this.reactions) {
        const own = positions.get(reaction.name) as CommitPosition;
        const events = page.events.filter((e) => isAfter(e, own) && (!reaction.eventTypes || reaction.eventTypes.includes(e.type)));
        if (events.length > 0) await reaction.handle(tx, events);
      }
      const behind = names.filter((name) => isAfter(page.scannedTo as CommitPosition, positions.get(name) as CommitPosition));
      await saveCheckpoint(tx, behind, page.scannedTo);
      return page.scanned;
    });
  }

  /** Handles everything visible now; for rebuilds and tests. */
  async catchUp(onProgress?: (handled: number) => void): Promise<number> {
    await ensureCheckpoints(
      this.dataSource,
      this.reactions.map((r) => r.name),
    );
    let total = 0;
    for (;;) {
      const handled = await this.runOnce();
      if (handled === 'soon') {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      if (!handled) return total;
      total += handled;
      onProgress?.(total);
    }
  }

  private starting?: Promise<void>;
  private stopped = false;

  start(): void {
    this.stopped = false;
    this.starting = ensureCheckpoints(
      this.dataSource,
      this.reactions.map((r) => r.name),
    )
      .catch((error) => this.options.logger?.error(`${this.name}: could not create checkpoints; the reader retries`, error))
      .finally(() => {
        if (!this.stopped) this.loop.start();
      });
  }

  private wokenAt = 0;

  /** A commit appended events: look now. */
  wake(): void {
    this.wokenAt = Date.now();
    this.loop.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.loop.stop();
  }
}
