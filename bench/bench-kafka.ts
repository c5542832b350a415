import { InputEvent } from '@vigil/contracts';
import { createKafka } from '@vigil/messaging';
import { Producer } from 'kafkajs';
import { isAe } from './bench-cohort';

export interface InputTopics {
  visits: string;
  adverseEvents: string;
}

export const topicOf = (topics: InputTopics, e: InputEvent): string => (isAe(e) ? topics.adverseEvents : topics.visits);

/** Publishes as fast as the broker takes them (closed loop), in chunks of 500, keyed by subject. */
export async function publishAll(brokers: string[], topics: InputTopics, events: InputEvent[]): Promise<void> {
  const producer = createKafka(brokers, 'vigil-bench').producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += 500) await sendChunk(producer, topics, events.slice(i, i + 500));
  } finally {
    await producer.disconnect();
  }
}

export async function sendChunk(producer: Producer, topics: InputTopics, chunk: InputEvent[]): Promise<void> {
  const byTopic = new Map<string, { key: string; value: string }[]>();
  for (const e of chunk) {
    const topic = topicOf(topics, e);
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: e.subject, value: JSON.stringify(e) }]);
  }
  await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
}

export async function deleteTopics(brokers: string[], names: string[]): Promise<void> {
  const admin = createKafka(brokers, 'vigil-bench').admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  await admin.deleteTopics({ topics: names.filter((n) => existing.has(n)) }).catch(() => undefined);
  await admin.disconnect();
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
