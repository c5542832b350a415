import { TopicNames } from '@vigil/contracts';
import { CompressionTypes, Kafka, Producer } from 'kafkajs';
import { PollingLoop } from '@vigil/platform';
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
  private readonly loop: PollingLoop;

  constructor(private readonly dataSource: DataSource, kafka: Kafka, private readonly options: OutboxRelayOptions) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.loop = new PollingLoop('outbox relay', () => this.publishOnce(), { intervalMs: options.pollIntervalMs, logger: options.logger });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    this.loop.start();
  }

  /** Rows were committed to the outbox: publish now. */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
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
}
