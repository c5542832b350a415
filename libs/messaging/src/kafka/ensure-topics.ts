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
      const didCreate = await admin.createTopics({
        topics: [{ topic, numPartitions: partitions }],
        waitForLeaders: true,
        timeout: 30_000,
      });
      if (didCreate) created.push(topic);
    }
    return created;
  } finally {
    await admin.disconnect();
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
