import { createKafka } from './kafka-client';

/**
 * Creates every topic in `topics` that does not exist yet, with `partitions` partitions and the
 * cluster's default replication factor, and waits until each new partition has a leader.
 * Idempotent (a topic created concurrently by someone else counts as present). Existing topics are
 * never altered. Returns the names it created, in the order given.
 */
export async function ensureTopics(brokers: string[], topics: string[], partitions: number): Promise<string[]> {
  if (!Number.isInteger(partitions) || partitions < 1) throw new Error(`partitions must be a positive integer (got ${partitions})`);
  const wanted = [...new Set(topics)];
  if (wanted.length === 0) return [];
  const admin = createKafka(brokers, 'vigil-ensure-topics').admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return [];
    const created: string[] = [];
    // One request per topic: createTopics resolves false (and skips waitForLeaders) when any topic in
    // the request already exists, e.g. because another process created it a moment ago.
    for (const topic of missing) {
      if (await createWhenBrokerReady(admin, topic, partitions)) created.push(topic);
    }
    return created;
  } finally {
    await admin.disconnect();
  }
}

type Admin = ReturnType<ReturnType<typeof createKafka>['admin']>;

/**
 * A broker that has just started (or is busy) answers "does not host this topic-partition" while the new
 * topic's leaders settle: retriable, so try again for a while instead of failing the caller's start-up.
 * A retry that finds the topic created by the attempt before returns false: it exists, as wanted.
 */
async function createWhenBrokerReady(admin: Admin, topic: string, partitions: number, deadlineMs = 60_000): Promise<boolean> {
  const started = Date.now();
  let created = false;
  for (let attempt = 1; ; attempt++) {
    try {
      created =
        (await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true, timeout: 30_000 })) || created;
      if (!created) await admin.fetchTopicMetadata({ topics: [topic] });
      return created;
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() - started > deadlineMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 200 * attempt)));
    }
  }
}

/** Partition count of each named topic that exists (absent topics are left out). */
export async function topicPartitionCounts(brokers: string[], topics: string[]): Promise<Record<string, number>> {
  const admin = createKafka(brokers, 'vigil-ensure-topics').admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = [...new Set(topics)].filter((topic) => existing.has(topic));
    if (present.length === 0) return {};
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present });
    return Object.fromEntries(metadata.map((t) => [t.name, t.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}
