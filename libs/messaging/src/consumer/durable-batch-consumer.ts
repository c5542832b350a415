import { GroupCommit } from '@vigil/platform';
import { Consumer, EachBatchPayload, Kafka, TopicPartitionOffset } from 'kafkajs';
import { backoffDelay, BackoffPolicy, CONSUMER_RESTART_BACKOFF } from './backoff';
import { ChunkBounds, DEFAULT_CHUNK_BOUNDS } from './batch-chunks';
import { DurableBatchHandler, handleInChunks, ReceivedBatch } from './handle-in-chunks';

export { DurableBatchHandler, ReceivedBatch } from './handle-in-chunks';

export type ConsumerState = 'starting' | 'running' | 'restarting' | 'stopped';

/** What health checks and the monitor's status row report. */
export interface ConsumerStatus {
  state: ConsumerState;
  lastError?: string;
  /** Fresh consumers created after a crash, since this object was made. */
  restarts: number;
  lastBatchAt?: Date;
  /** Last sign of life from kafkajs (fetch, heartbeat, join) or the handler. */
  lastActivityAt?: Date;
}

export interface ConsumerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface DurableBatchConsumerOptions {
  groupId: string;
  topics: string[];
  /** How long the broker may hold a fetch when traffic is thin: bounds alert latency. */
  maxWaitTimeInMs?: number;
  sessionTimeoutMs?: number;
  /** How many partitions' batches may be handed to the handler at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
  chunkBounds?: ChunkBounds;
  backoff?: BackoffPolicy;
  /** How often kafkajs retries a failing batch inside one consumer before it crashes (then we restart it). */
  retries?: number;
  /** A running consumer with no sign of life for this long (and not inside the handler) is replaced. */
  stallTimeoutMs?: number;
  /** Test-only fault injection: called after the handler made a chunk durable, before the offset commit. */
  afterDurable?: (batch: ReceivedBatch) => void;
  logger?: ConsumerLogger;
}

/**
 * Kafka → handler with explicit offsets, committed only after the handler made the messages durable
 * (a crash in between re-delivers them; the handler is idempotent).
 *
 * Never silent: kafkajs is told never to restart a crashed consumer itself (it gives up for good on
 * non-retriable errors such as "The coordinator is not aware of this member", tulios/kafkajs#1466).
 * Every crash, and a consumer that stalls, is answered here instead: disconnect, then a fresh consumer
 * (a new group member) after an exponential backoff, forever, each attempt logged.
 */
export class DurableBatchConsumer {
  private consumer?: Consumer;
  private stopping = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  /** Batches inside the handler right now (several partitions may be handled at once). */
  private inHandler = 0;
  private generation = 0;
  private readonly current: ConsumerStatus = { state: 'stopped', restarts: 0 };

  constructor(
    private readonly kafka: Kafka,
    private readonly options: DurableBatchConsumerOptions,
    private readonly handler: DurableBatchHandler,
  ) {}

  get status(): Readonly<ConsumerStatus> {
    return { ...this.current };
  }

  get isRunning(): boolean {
    return this.current.state === 'running';
  }

  /** Resolves once the first consumer runs, or once its failure is scheduled for a retry (never rejects). */
  async start(): Promise<void> {
    this.stopping = false;
    this.current.state = 'starting';
    // Above kafkajs's 60 s rebalance timeout: a join may legitimately stay silent that long.
    const stallMs = this.options.stallTimeoutMs ?? Math.max(120_000, 3 * this.sessionTimeoutMs);
    this.watchdog = setInterval(() => this.checkForStall(stallMs), Math.min(5_000, stallMs)).unref();
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    this.current.state = 'stopped';
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  private get sessionTimeoutMs(): number {
    return this.options.sessionTimeoutMs ?? 10_000;
  }

  private async launch(): Promise<void> {
    const generation = ++this.generation;
    const consumer = this.createConsumer(generation);
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // Batches of several partitions at once, so the handler can commit them in one transaction.
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.handleBatch(consumer, payload),
      });
      if (generation !== this.generation || this.stopping) return;
      this.current.state = 'running';
      this.touch();
      const restart = this.current.restarts > 0 ? ` (fresh consumer after a failure, restart ${this.current.restarts})` : '';
      this.options.logger?.log(`consuming ${this.options.topics.join(', ')} as group ${this.options.groupId}${restart}`);
    } catch (error) {
      await this.recover(generation, error);
    }
  }

  private createConsumer(generation: number): Consumer {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 250,
      // Bounded fetches bound the monitor's memory: kafkajs's defaults (10 MB a fetch, 1 MB a partition)
      // held several times that in parsed messages while a backlog was worked off.
      maxBytes: 4 * 1024 * 1024,
      maxBytesPerPartition: 512 * 1024,
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: this.heartbeatEveryMs,
      // Restarts are ours (see the class comment): kafkajs's own can give up for good.
      retry: { retries: this.options.retries ?? 10, restartOnFailure: async () => false },
    });
    const { CRASH, FETCH_START, HEARTBEAT, GROUP_JOIN } = consumer.events;
    consumer.on(CRASH, (event) => void this.recover(generation, event.payload.error));
    for (const sign of [FETCH_START, HEARTBEAT, GROUP_JOIN]) consumer.on(sign, () => this.touch());
    return consumer;
  }

  private commits?: { consumer: Consumer; group: GroupCommit<TopicPartitionOffset, void> };

  /** Partitions handled at the same time commit their offsets in one request instead of one each. */
  private commitsOf(consumer: Consumer): GroupCommit<TopicPartitionOffset, void> {
    if (this.commits?.consumer !== consumer) {
      const group = new GroupCommit<TopicPartitionOffset, void>(async (offsets) => {
        await consumer.commitOffsets(offsets);
        return offsets.map(() => undefined);
      });
      this.commits = { consumer, group };
    }
    return this.commits.group;
  }

  private get heartbeatEveryMs(): number {
    return Math.max(500, Math.floor(this.sessionTimeoutMs / 10));
  }

  private async handleBatch(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    if (payload.batch.messages.length === 0) return;
    this.inHandler += 1;
    try {
      await handleInChunks(payload, this.handler, {
        bounds: this.options.chunkBounds ?? DEFAULT_CHUNK_BOUNDS,
        heartbeatEveryMs: this.heartbeatEveryMs,
        afterDurable: this.options.afterDurable,
        commit: (topic, partition, offset) => this.commitsOf(consumer).submit({ topic, partition, offset }),
        onChunkDone: () => {
          this.current.lastBatchAt = new Date();
          this.attempt = 0; // work gets done again: the next failure starts the backoff from the bottom
          this.touch();
        },
      });
    } finally {
      this.inHandler -= 1;
    }
  }

  /** Replaces the consumer of `generation` (once, however many errors it reports) after a backoff. */
  private async recover(generation: number, error: unknown): Promise<void> {
    if (generation !== this.generation || this.stopping || this.current.state === 'restarting') return;
    this.current.state = 'restarting';
    this.current.lastError = describe(error);
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.options.backoff ?? CONSUMER_RESTART_BACKOFF);
    this.options.logger?.error(
      `consumer failed (${this.current.lastError}); starting a fresh consumer in ${delay} ms (attempt ${this.attempt})`,
    );
    const old = this.consumer;
    await old?.disconnect().catch(() => undefined);
    if (this.stopping) return;
    this.retryTimer = setTimeout(() => {
      if (this.stopping) return;
      this.current.restarts += 1;
      this.current.state = 'starting';
      void this.launch();
    }, delay);
  }

  private checkForStall(stallMs: number): void {
    if (this.current.state !== 'running' || this.inHandler > 0) return;
    const last = this.current.lastActivityAt?.getTime() ?? 0;
    if (Date.now() - last > stallMs)
      void this.recover(this.generation, new Error(`no sign of life from the Kafka consumer for ${Math.round(stallMs / 1000)} s`));
  }

  private touch(): void {
    this.current.lastActivityAt = new Date();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
