import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { IngestClinicalEventsService } from '../ingest-clinical-events/ingest-clinical-events.service';
import { MonitorMetrics } from './monitor-metrics';

/**
 * Writes this process's row in monitor_instances every VIGIL_MONITOR_HEARTBEAT_MS: the API's proof that a
 * monitor is alive, its consumer's state, and its counters. A process that is killed stops writing, and the
 * API sees the heartbeat age; one that stops cleanly says so at once (stopped_at).
 */
@Injectable()
export class MonitorStatusService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MonitorStatus');
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly startedAt = new Date();
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  private failing = false;

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly dataSource: DataSource,
    private readonly ingest: IngestClinicalEventsService,
    private readonly metrics: MonitorMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.write();
    this.timer = setInterval(() => void this.write(), this.config.monitorHeartbeatMs);
    this.logger.log(`reporting as ${this.instanceId} every ${this.config.monitorHeartbeatMs} ms`);
  }

  // Before the database pool closes (PlatformModule closes it on shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    await this.write(true);
  }

  private write(stopping = false): Promise<void> {
    // One write at a time: a slow database must not pile up heartbeats.
    if (this.writing && !stopping) return this.writing;
    this.writing = this.upsert(stopping).finally(() => (this.writing = undefined));
    return this.writing;
  }

  private async upsert(stopping: boolean): Promise<void> {
    const consumer = this.ingest.consumerStatus;
    const totals = this.metrics.totals();
    try {
      await this.dataSource.query(
        `insert into monitor_instances (instance_id, host, pid, started_at, heartbeat_at, consumer_state, consumer_error,
           consumer_restarts, last_batch_at, events_stored, events_duplicate, dead_letters, stopped_at)
         values ($1, $2, $3, $4, now(), $5, $6, $7, $8, $9, $10, $11, case when $12 then now() end)
         on conflict (instance_id) do update set heartbeat_at = now(), consumer_state = excluded.consumer_state,
           consumer_error = excluded.consumer_error, consumer_restarts = excluded.consumer_restarts,
           last_batch_at = excluded.last_batch_at, events_stored = excluded.events_stored,
           events_duplicate = excluded.events_duplicate, dead_letters = excluded.dead_letters, stopped_at = excluded.stopped_at`,
        [
          this.instanceId,
          hostname(),
          process.pid,
          this.startedAt,
          stopping ? 'stopped' : consumer.state,
          consumer.lastError ?? null,
          consumer.restarts,
          consumer.lastBatchAt ?? null,
          totals.stored,
          totals.duplicates,
          totals.deadLetters,
          stopping,
        ],
      );
      if (this.failing) this.logger.log('status row written again');
      this.failing = false;
    } catch (error) {
      // Logged once per outage, not every tick; the API reads the missing heartbeat as "no monitor".
      if (!this.failing) this.logger.error(`cannot write the status row: ${error instanceof Error ? error.message : error}`);
      this.failing = true;
    }
  }
}
