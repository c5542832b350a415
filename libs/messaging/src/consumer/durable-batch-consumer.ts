import { Consumer, Kafka, KafkaMessage } from 'kafkajs';

export interface ReceivedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

/** Must resolve only once the whole batch is durable (stored or dead-lettered in one DB transaction). */
export type DurableBatchHandler = (batch: ReceivedBatch) => Promise<void>;

export interface DurableBatchConsumerOptions {
  groupId: string;
  topics: string[];
  /** How long the broker may hold a fetch when traffic is thin: bounds alert latency. */
  maxWaitTimeInMs?: number;
  sessionTimeoutMs?: number;
  /** How many partitions' batches may be handed to the handler at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
  /** Test-only fault injection: called after the handler made the batch durable, before the offset commit. */
  afterDurable?: (batch: ReceivedBatch) => void;
  onCrash?: (error: unknown) => void;
}

/**
 * Kafka → handler with explicit offsets: the offset after a batch is committed only after the handler
 * resolved. A crash in between re-delivers the batch, which the handler must absorb (idempotent store).
 */
export class DurableBatchConsumer {
  private readonly consumer: Consumer;
  private running = false;

  constructor(kafka: Kafka, private readonly options: DurableBatchConsumerOptions, private readonly handler: DurableBatchHandler) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 250,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: Math.max(500, Math.floor((options.sessionTimeoutMs ?? 10_000) / 10)),
      retry: { retries: 10 },
    });
    if (options.onCrash) {
      this.consumer.on(this.consumer.events.CRASH, (event) => {
        if (!event.payload.restart) options.onCrash?.(event.payload.error);
      });
    }
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      // Batches of several partitions at once, so the handler can commit them in one transaction.
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const received = { topic: batch.topic, partition: batch.partition, messages: batch.messages };
        await this.handler(received);
        this.options.afterDurable?.(received);
        const last = batch.messages[batch.messages.length - 1].offset;
        for (const message of batch.messages) resolveOffset(message.offset);
        await this.consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ]);
        await heartbeat();
      },
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }
}
