import { Partitioners, Producer } from 'kafkajs';
import { createKafka } from './kafka-client';

/** What a sender needs of a producer; tests pass a recorder instead. */
export type BatchSender = Pick<Producer, 'sendBatch'>;

export interface OrderedProducer extends BatchSender {
  disconnect(): Promise<void>;
}

/**
 * Idempotent producer with one request in flight, so retries neither duplicate nor reorder messages. It
 * retries without limit as kafkajs requires for idempotence: the caller bounds each send with its own
 * deadline, which is what stops a run against a dead broker.
 */
export async function connectOrderedProducer(brokers: string[], clientId: string): Promise<OrderedProducer> {
  const producer = createKafka(brokers, clientId).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
    // Murmur2 on the key, as Java clients partition: a key lands on the same partition whoever sends it.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}
