import { Admin } from 'kafkajs';
import { createKafka } from './kafka-client';

/** Per topic: messages a consumer group has not committed yet (a partition never committed counts from its start). */
export async function consumerGroupLag(brokers: string[], groupId: string, topics: string[]): Promise<Record<string, number>> {
  const admin = createKafka(brokers, 'vigil-lag').admin();
  await admin.connect();
  try {
    return await groupLagVia(admin, groupId, topics);
  } finally {
    await admin.disconnect();
  }
}

/** The same through an admin connection the caller keeps. */
export async function groupLagVia(admin: Admin, groupId: string, topics: string[]): Promise<Record<string, number>> {
  const lag: Record<string, number> = {};
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    lag[topic] = ends.reduce((sum, end) => {
      const at = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      return sum + Math.max(0, Number(end.high) - (at >= 0 ? at : Number(end.low)));
    }, 0);
  }
  return lag;
}
