import { Admin } from 'kafkajs';
import { createKafka } from './kafka-client';

/**
 * One long-lived admin connection for health checks and metrics (a fresh connection per probe would cost
 * more than the probe). Any failure drops the connection, so the next probe reconnects.
 */
export class KafkaProbe {
  private admin?: Admin;
  private connecting?: Promise<Admin>;

  constructor(private readonly brokers: string[], private readonly clientId: string) {}

  /** Lists topics: the broker answers. */
  async ping(): Promise<void> {
    await this.withAdmin((admin) => admin.listTopics());
  }

  /** Per topic: messages the group has not committed yet (a partition never committed counts from its start). */
  async groupLag(groupId: string, topics: string[]): Promise<Record<string, number>> {
    return this.withAdmin(async (admin) => {
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
    });
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = await this.connected();
    try {
      return await work(admin);
    } catch (error) {
      if (this.admin === admin) await this.close();
      throw error;
    }
  }

  private async connected(): Promise<Admin> {
    if (this.admin) return this.admin;
    this.connecting ??= (async () => {
      const admin = createKafka(this.brokers, this.clientId).admin();
      try {
        await admin.connect();
        this.admin = admin;
        return admin;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }
}
