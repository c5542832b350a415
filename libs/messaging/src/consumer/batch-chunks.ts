/**
 * How much of a fetched Kafka batch goes to the handler at once. A batch can hold thousands of messages;
 * handling it in bounded chunks lets the consumer commit and heartbeat between them, and give the rest
 * back when it has worked too long, so a big batch never starves the group's heartbeats.
 */
export interface ChunkBounds {
  /** At most this many messages per handler call. */
  maxMessages: number;
  /** Start no new chunk once the batch has been worked on this long; the rest is fetched again. */
  maxBatchMs: number;
}

export const DEFAULT_CHUNK_BOUNDS: ChunkBounds = { maxMessages: 500, maxBatchMs: 3_000 };

export function splitIntoChunks<T>(items: readonly T[], maxMessages: number): T[][] {
  if (!Number.isInteger(maxMessages) || maxMessages < 1) throw new Error(`maxMessages must be a positive integer (got ${maxMessages})`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += maxMessages) chunks.push(items.slice(start, start + maxMessages));
  return chunks;
}

/** Whether another chunk may start: the first one always does (progress), later ones only within the time bound. */
export function mayStartChunk(chunkIndex: number, batchStartedAtMs: number, nowMs: number, bounds: ChunkBounds): boolean {
  return chunkIndex === 0 || nowMs - batchStartedAtMs < bounds.maxBatchMs;
}
