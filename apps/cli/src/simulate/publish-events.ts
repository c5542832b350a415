import { InputEvent, InputEventType, TopicNames, VISIT_EVENT_TYPES } from '@vigil/contracts';
import { createKafka } from '@vigil/messaging';
import { Message, Partitioners, Producer } from 'kafkajs';

export type InputTopics = Pick<TopicNames, 'visits' | 'adverseEvents'>;
export type BatchSender = Pick<Producer, 'sendBatch'>;

export interface PublishCounts {
  total: number;
  byTopic: Record<string, number>;
  batches: number;
}

const VISIT_TYPES: readonly string[] = VISIT_EVENT_TYPES;

export function topicFor(type: InputEventType, topics: InputTopics): string {
  return VISIT_TYPES.includes(type) ? topics.visits : topics.adverseEvents;
}

/**
 * Structured-mode CloudEvents keyed by subject, so one subject's events share a partition and keep their
 * order. No Kafka timestamp is set: a 2020 event time would make the broker's retention delete it at once.
 */
export function toKafkaMessage(event: InputEvent): Message {
  return {
    key: event.subject,
    value: JSON.stringify(event),
    headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
  };
}

/** Sends in order, one batch at a time, so a subject's later event never overtakes an earlier one. */
export async function sendEvents(producer: BatchSender, events: InputEvent[], topics: InputTopics, batchSize = 500): Promise<PublishCounts> {
  const counts: PublishCounts = { total: 0, byTopic: {}, batches: 0 };
  for (let start = 0; start < events.length; start += batchSize) {
    const byTopic = new Map<string, Message[]>();
    for (const event of events.slice(start, start + batchSize)) {
      const topic = topicFor(event.type, topics);
      if (!byTopic.has(topic)) byTopic.set(topic, []);
      byTopic.get(topic)!.push(toKafkaMessage(event));
      counts.byTopic[topic] = (counts.byTopic[topic] ?? 0) + 1;
      counts.total++;
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    counts.batches++;
  }
  return counts;
}

export interface PublishOptions {
  brokers: string[];
  topics: InputTopics;
  clientId?: string;
  batchSize?: number;
  /** How long one batch may wait for the broker before the run fails. */
  batchTimeoutMs?: number;
}

/**
 * Idempotent producer with one request in flight, so retries neither duplicate nor reorder messages. It
 * retries without limit as kafkajs requires for idempotence; the per-batch deadline is what stops a run
 * against a dead broker (a re-run re-sends the same CloudEvent ids, which the monitor de-duplicates).
 */
export async function publishEvents(events: InputEvent[], options: PublishOptions): Promise<PublishCounts> {
  const producer = createKafka(options.brokers, options.clientId ?? 'vigil-simulator').producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
    // Murmur2 on the key, as Java clients partition: a subject lands on the same partition whoever sends it.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const timeoutMs = options.batchTimeoutMs ?? 120_000;
  const bounded: BatchSender = {
    sendBatch: (batch) => withDeadline(producer.sendBatch(batch), timeoutMs, `Kafka (${options.brokers.join(',')}) did not acknowledge a batch within ${timeoutMs} ms`),
  };
  try {
    return await sendEvents(bounded, events, options.topics, options.batchSize);
  } finally {
    await producer.disconnect();
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
