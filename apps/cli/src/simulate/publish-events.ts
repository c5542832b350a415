import { InputEvent, InputEventType, TopicNames, VISIT_EVENT_TYPES } from '@vigil/contracts';
import { BatchSender, connectOrderedProducer, OutgoingMessage } from '@vigil/messaging';

export type InputTopics = Pick<TopicNames, 'visits' | 'adverseEvents'>;

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
export function toKafkaMessage(event: InputEvent): OutgoingMessage {
  return {
    key: event.subject,
    value: JSON.stringify(event),
    headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
  };
}

/** Sends in order, one batch at a time, so a subject's later event never overtakes an earlier one. */
export async function sendEvents(
  producer: BatchSender,
  events: InputEvent[],
  topics: InputTopics,
  batchSize = 500,
): Promise<PublishCounts> {
  const counts: PublishCounts = { total: 0, byTopic: {}, batches: 0 };
  for (let start = 0; start < events.length; start += batchSize) {
    const byTopic = new Map<string, OutgoingMessage[]>();
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
 * One batch at a time on an ordered, idempotent producer; a batch the broker has not acknowledged within
 * the deadline fails the run (a re-run re-sends the same CloudEvent ids, which the monitor de-duplicates).
 */
export async function publishEvents(events: InputEvent[], options: PublishOptions): Promise<PublishCounts> {
  const producer = await connectOrderedProducer(options.brokers, options.clientId ?? 'vigil-simulator');
  const timeoutMs = options.batchTimeoutMs ?? 120_000;
  const bounded: BatchSender = {
    sendBatch: (batch) =>
      withDeadline(
        producer.sendBatch(batch),
        timeoutMs,
        `Kafka (${options.brokers.join(',')}) did not acknowledge a batch within ${timeoutMs} ms`,
      ),
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
