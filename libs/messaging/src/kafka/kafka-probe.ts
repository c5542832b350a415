import { Admin } from 'kafkajs';
import { groupLagVia } from './consumer-lag';
import { createKafka } from './kafka-client';

/**
 * One long-lived admin connection for health checks and metrics (a fresh connection per probe would cost
 * more than the probe). Any failure drops the connection, so the next probe reconnects.
 */
export class KafkaProbe {
  private admin?: Admin;
  private connecting?: Promise<Admin>;

  constructor(
    private readonly brokers: string[],
    private readonly clientId: string,
  ) {}

  /** Lists topics: the broker answers. */
  async ping(): Promise<void> {
    await this.withAdmin((admin) => admin.listTopics());
  }

  /** Per topic: messages the group has not committed yet (a partition never committed counts from its start). */
  async groupLag(groupId: string, topics: string[]): Promise<Record<string, number>> {
    return this.withAdmin((admin) => groupLagVia(admin, groupId, topics));
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
