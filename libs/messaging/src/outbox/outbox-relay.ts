import { TopicNames } from '@vigil/contracts';
import { CompressionTypes, Kafka, Producer } from 'kafkajs';
import { PollingLoop } from '@vigil/platform';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxHealth, outboxHealth } from './outbox-health';
import { describeSendError as describe, hasInChain, isBrokerUnreachable } from './send-errors';
import { DEFAULT_MAX_MESSAGE_BYTES, fitToTransportLimit } from './transport-limit';

export interface OutboxRelayOptions {
  topics: TopicNames;
  pollIntervalMs: number;
  batchSize?: number;
  /** Largest key + value sent; longer text is truncated with a marker (transport-limit.ts). */
  maxMessageBytes?: number;
  /** Sends of one row before it is parked. */
  maxAttempts?: number;
  /** Wait before the second attempt of a row; doubles per attempt, at most 60 s. */
  retryBackoffMs?: number;
  /** How long published rows stay (for the engineer on call); nothing reads them, the feed is built from the store. */
  retentionSeconds?: number;
  /** Lines about one row are objects (`msg` and the row's ids: outbox id, message id, alert or event id). */
  logger?: { error(message: string | LogFields, error?: unknown): void; warn?(message: string | LogFields): void };
}

type LogFields = { msg: string } & Record<string, unknown>;

/** The ids a line about an outbox row carries: a notification's alert id, a dead letter's event id. */
function rowFields(row: OutboxRow): Record<string, unknown> {
  const value = (row.value ?? {}) as { data?: { alertId?: unknown }; eventId?: unknown };
  return {
    outboxId: row.id,
    topicRole: row.topic_role,
    messageId: row.message_id,
    ...(typeof value.data?.alertId === 'string' ? { alertId: value.data.alertId } : {}),
    ...(typeof value.eventId === 'string' ? { eventId: value.eventId } : {}),
  };
}

export const DEFAULT_OUTBOX_MAX_ATTEMPTS = 5;
export const DEFAULT_OUTBOX_RETENTION_SECONDS = 300;
const DEFAULT_RETRY_BACKOFF_MS = 1_000;
const MAX_RETRY_BACKOFF_MS = 60_000;

interface OutboxRow {
  id: string;
  topic_role: string;
  message_key: string | null;
  message_id: string;
  value: unknown;
  attempts: number;
}

interface Ready {
  row: OutboxRow;
  topic: string;
  value: string;
  bytes: number;
}

interface Failure {
  row: OutboxRow;
  reason: string;
  /** Retrying cannot help (e.g. too large even after truncation): park at once. */
  final: boolean;
}

/**
 * Publishes committed outbox rows in order. One relay at a time (advisory lock) keeps per-key order;
 * a crash after the send but before marking re-sends the same message id, which consumers de-duplicate.
 *
 * No single row can stop it: a message is truncated to the transport limit before it is sent; when a send
 * fails, the rows are sent one by one so the failing row is isolated, retried with back-off across polls
 * (the rows behind it flow meanwhile) and parked after `maxAttempts`. Only a broker that cannot be reached
 * at all fails the poll as a whole, and that counts against no row.
 */
export class OutboxRelay {
  private producer: Producer;
  private connected = false;
  private readonly loop: PollingLoop;
  private readonly maxMessageBytes: number;
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly options: OutboxRelayOptions,
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_OUTBOX_MAX_ATTEMPTS;
    this.retryBackoffMs = options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS;
    this.producer = this.newProducer();
    this.loop = new PollingLoop('outbox relay', () => this.publishOnce(), { intervalMs: options.pollIntervalMs, logger: options.logger });
  }

  async start(): Promise<void> {
    await this.connect();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.producer.disconnect();
    this.connected = false;
  }

  /** Makes the polling loop look for work now (e.g. when a transaction that wrote outbox rows commits). */
  wake(): void {
    this.loop.wake();
  }

  /** Publishes one batch; returns how many messages were sent (0 also when another relay holds the lock). */
  async publishOnce(): Promise<number> {
    await this.pruneNowAndThen();
    const outcome = await this.dataSource.transaction((tx) => this.publishLocked(tx));
    // After commit, so what was published before the broker went away stays marked.
    if (outcome.unreachable) throw outcome.unreachable;
    return outcome.sent;
  }

  private lastPrunedAt = 0;

  /** Published rows past their retention go, at most every 10 s, so the outbox stays the size of its backlog. */
  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPrunedAt < 10_000) return;
    this.lastPrunedAt = Date.now();
    await this.dataSource.query(`delete from outbox where published_at < now() - make_interval(secs => $1)`, [
      this.options.retentionSeconds ?? DEFAULT_OUTBOX_RETENTION_SECONDS,
    ]);
  }

  private async publishLocked(tx: EntityManager): Promise<{ sent: number; unreachable?: unknown }> {
    const [{ locked }] = await tx.query(`select pg_try_advisory_xact_lock(hashtext('vigil:outbox-relay')) as locked`);
    if (!locked) return { sent: 0 };
    const rows: OutboxRow[] = await tx.query(
      `select id, topic_role, message_key, message_id, value, attempts from outbox
       where published_at is null and parked_at is null and (next_attempt_at is null or next_attempt_at <= now())
       order by id limit $1`,
      [this.options.batchSize ?? 500],
    );
    if (rows.length === 0) return { sent: 0 };

    const failures: Failure[] = [];
    const ready: Ready[] = [];
    for (const row of rows) {
      const prepared = this.prepare(row);
      if ('reason' in prepared) failures.push(prepared);
      else ready.push(prepared);
    }

    const published: string[] = [];
    const unavailableTopics = new Set<string>();
    let unreachable: unknown;
    const refused = async (one: Ready, error: unknown) => {
      failures.push({ row: one.row, reason: describe(error), final: false });
      // Retries used up on a retriable error (e.g. a missing topic): each further row of that topic would
      // wait as long again, so the topic waits for the next poll (no attempt counted) and other topics go on.
      if (hasInChain(error, (e) => e.name === 'KafkaJSNumberOfRetriesExceeded')) unavailableTopics.add(one.topic);
      await this.replaceProducer();
    };
    try {
      await this.connect();
      for (const whole of chunksWithin(ready, this.maxMessageBytes)) {
        const chunk = whole.filter((one) => !unavailableTopics.has(one.topic));
        if (chunk.length === 0) continue;
        try {
          await this.send(chunk);
          published.push(...chunk.map((one) => one.row.id));
          continue;
        } catch (error) {
          if (isBrokerUnreachable(error)) throw error;
          if (chunk.length === 1) {
            await refused(chunk[0], error);
            continue;
          }
          await this.replaceProducer();
        }
        // Isolate the row(s) the broker refuses; the others go out.
        for (const one of chunk) {
          if (unavailableTopics.has(one.topic)) continue;
          try {
            await this.send([one]);
            published.push(one.row.id);
          } catch (error) {
            if (isBrokerUnreachable(error)) throw error;
            await refused(one, error);
          }
        }
      }
    } catch (error) {
      unreachable = error;
      await this.replaceProducer().catch(() => undefined);
    }

    if (published.length > 0) await tx.query(`update outbox set published_at = now() where id = any($1::bigint[])`, [published]);
    await this.recordFailures(tx, failures);
    return { sent: published.length, unreachable };
  }

  private prepare(row: OutboxRow): Ready | Failure {
    const topic = this.options.topics[row.topic_role as keyof TopicNames];
    if (!topic || (row.topic_role !== 'notifications' && row.topic_role !== 'deadLetter')) {
      return { row, reason: `unknown topic role ${row.topic_role}`, final: true };
    }
    try {
      const { value } = fitToTransportLimit({ topicRole: row.topic_role, key: row.message_key, value: row.value }, this.maxMessageBytes);
      return { row, topic, value, bytes: Buffer.byteLength(value) + (row.message_key ? Buffer.byteLength(row.message_key) : 0) };
    } catch (error) {
      return { row, reason: describe(error), final: true };
    }
  }

  private async send(messages: Ready[]): Promise<void> {
    const byTopic = new Map<string, { key: string | null; value: string }[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), { key: m.row.message_key, value: m.value }]);
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    });
  }

  /** Counts an attempt; parks the row when retrying cannot help or the attempts are used up. */
  private async recordFailures(tx: EntityManager, failures: Failure[]): Promise<void> {
    if (failures.length === 0) return;
    const parked: Failure[] = [];
    for (const failure of failures) {
      const attempts = failure.row.attempts + 1;
      const park = failure.final || attempts >= this.maxAttempts;
      if (park) parked.push(failure);
      else
        this.options.logger?.warn?.({
          msg: `outbox row ${failure.row.id} (${failure.row.topic_role} ${failure.row.message_id}) not published, attempt ${attempts} of ${this.maxAttempts}: ${failure.reason}`,
          ...rowFields(failure.row),
        });
    }
    await tx.query(
      `update outbox o set attempts = o.attempts + 1, last_error = f.reason,
         parked_at = case when f.park then now() end,
         next_attempt_at = case when f.park then null else now() + f.backoff_ms * interval '1 millisecond' end
       from unnest($1::bigint[], $2::text[], $3::boolean[], $4::int[]) as f(id, reason, park, backoff_ms)
       where o.id = f.id`,
      [
        failures.map((f) => f.row.id),
        failures.map((f) => f.reason),
        failures.map((f) => parked.includes(f)),
        failures.map((f) => Math.min(MAX_RETRY_BACKOFF_MS, this.retryBackoffMs * 2 ** f.row.attempts)),
      ],
    );
    for (const failure of parked) {
      this.options.logger?.error({
        msg:
          `outbox row ${failure.row.id} (${failure.row.topic_role} ${failure.row.message_id}) parked after ${failure.row.attempts + 1} attempt(s), ` +
          `the rows behind it go on: ${failure.reason}`,
        ...rowFields(failure.row),
      });
    }
  }

  private newProducer(): Producer {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  private async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /**
   * A fresh producer (new producer id, sequence numbers from 0): after the broker refuses a record, an
   * idempotent producer can report "out of order sequence number" for every record that follows.
   */
  private async replaceProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.newProducer();
    this.connected = false;
    await old.disconnect().catch(() => undefined);
    await this.connect();
  }

  /** Outbox rows not yet published and not parked: the backlog reported on /metrics. */
  async backlog(): Promise<number> {
    return (await outboxHealth(this.dataSource)).pending;
  }

  /** Rows parked after bounded retries (readiness and metrics). */
  async parkedCount(): Promise<number> {
    return (await outboxHealth(this.dataSource)).parked;
  }

  /** Commit time of the oldest row still to publish (parked rows excluded), or null: how far behind the relay is. */
  async oldestPending(): Promise<Date | null> {
    const { oldestPendingAt } = await outboxHealth(this.dataSource);
    return oldestPendingAt === null ? null : new Date(oldestPendingAt);
  }

  /** Pending and parked counts and the commit time of the oldest pending row. */
  async health(): Promise<OutboxHealth> {
    return outboxHealth(this.dataSource);
  }
}

/** Consecutive messages, each group under `maxBytes` in total, so one produce request stays under the broker's limit. */
function chunksWithin(messages: Ready[], maxBytes: number): Ready[][] {
  const chunks: Ready[][] = [];
  let current: Ready[] = [];
  let size = 0;
  for (const message of messages) {
    if (current.length > 0 && size + message.bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += message.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
