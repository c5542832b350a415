import { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { ChunkBounds, mayStartChunk, splitIntoChunks } from './batch-chunks';

export interface ReceivedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

/** Must resolve only once the whole batch is durable (stored or dead-lettered in one DB transaction). */
export type DurableBatchHandler = (batch: ReceivedBatch) => Promise<void>;

export interface ChunkedBatchOptions {
  bounds: ChunkBounds;
  /** How often to heartbeat while the handler works on one chunk (kafkajs sends none by itself meanwhile). */
  heartbeatEveryMs: number;
  commit(topic: string, partition: number, nextOffset: string): Promise<void>;
  afterDurable?: (batch: ReceivedBatch) => void;
  onChunkDone?: (messages: number) => void;
}

/**
 * One kafkajs batch, chunk by chunk: handler (durable) → resolve → commit → heartbeat. Stops early when the
 * consumer stops, the partition was taken away (stale) or the time bound is reached; what was not resolved
 * is fetched again. A chunk already made durable is committed even so; a re-delivery of it would be harmless.
 */
export async function handleInChunks(payload: EachBatchPayload, handler: DurableBatchHandler, options: ChunkedBatchOptions): Promise<void> {
  const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
  const startedAt = Date.now();
  const chunks = splitIntoChunks(batch.messages, options.bounds.maxMessages);
  for (const [index, messages] of chunks.entries()) {
    if (!isRunning() || isStale() || !mayStartChunk(index, startedAt, Date.now(), options.bounds)) return;
    const received: ReceivedBatch = { topic: batch.topic, partition: batch.partition, messages };
    await whileHeartbeating(heartbeat, options.heartbeatEveryMs, () => handler(received));
    options.afterDurable?.(received);
    for (const message of messages) resolveOffset(message.offset);
    const last = messages[messages.length - 1].offset;
    await options.commit(batch.topic, batch.partition, (BigInt(last) + 1n).toString());
    options.onChunkDone?.(messages.length);
    await heartbeat();
  }
}

/**
 * Heartbeats on a timer while `work` runs. A heartbeat failure here (e.g. a rebalance started) is left for
 * the heartbeat after the chunk to report, once the chunk is durable and committed.
 */
async function whileHeartbeating<T>(heartbeat: () => Promise<void>, everyMs: number, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => heartbeat().catch(() => undefined), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
