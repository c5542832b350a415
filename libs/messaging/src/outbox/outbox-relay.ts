import { TopicNames } from '@vigil/contracts';
import { CompressionTypes, Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';

export interface OutboxRelayOptions {
  topics: TopicNames;
  pollIntervalMs: number;
  batchSize?: number;
  logger?: { error(message: string, error?: unknown): void };
}

/**
 * Publishes committed outbox rows in order. One relay at a time (advisory lock) keeps per-key order;
 * a crash after the send but before marking re-sends the same message id, which consumers de-duplicate.
 */
export class OutboxRelay {
  private readonly producer: Producer;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly dataSource: DataSource, kafka: Kafka, private readonly options: OutboxRelayOptions) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.producer.disconnect();
  }

  /** Publishes one batch; returns how many messages were sent (0 also when another relay holds the lock). */
  async publishOnce(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`select pg_try_advisory_xact_lock(hashtext('vigil:outbox-relay')) as locked`);
      if (!locked) return 0;
      const rows: { id: string; topic_role: keyof TopicNames; message_key: string | null; value: unknown }[] = await tx.query(
        `select id, topic_role, message_key, value from outbox where published_at is null order by id limit $1`,
        [this.options.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, { key: string | null; value: string }[]>();
      for (const row of rows) {
        const topic = this.options.topics[row.topic_role];
        if (!topic) throw new Error(`outbox row ${row.id} has unknown topic role ${row.topic_role}`);
        const list = byTopic.get(topic) ?? [];
        list.push({ key: row.message_key, value: JSON.stringify(row.value) });
        byTopic.set(topic, list);
      }
      await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      await tx.query(`update outbox set published_at = now() where id = any($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Outbox rows not yet published: the backlog reported on /metrics. */
  async backlog(): Promise<number> {
    const [{ n }] = await this.dataSource.query(`select count(*)::int as n from outbox where published_at is null`);
    return n;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let sent = 0;
      try {
        sent = await this.publishOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.logger?.error(`outbox relay failed (attempt ${failures}); retrying`, error);
      }
      if (sent > 0) continue;
      const wait = failures === 0 ? this.options.pollIntervalMs : Math.min(30_000, 250 * 2 ** failures);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
