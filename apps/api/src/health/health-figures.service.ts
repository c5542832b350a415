import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { KafkaProbe, outboxHealth, OutboxHealth } from '@vigil/messaging';
import {
  GrowthTracker,
  HealthFigures,
  monitorInstances,
  MonitorInstanceRow,
  readerBacklog,
  ReaderBacklog,
  VIGIL_CONFIG,
  VigilConfig,
} from '@vigil/platform';
import { DataSource } from 'typeorm';
import { WATCHED_READERS } from './watched-readers';

const SAMPLE_EVERY_MS = 5_000;
const PROBE_TIMEOUT_MS = 3_000;

/** Everything /health and /metrics report, read cheaply (index lookups, the monitors' status rows, Kafka offsets). */
export interface Snapshot {
  figures: HealthFigures;
  readers: ReaderBacklog[];
  outbox?: OutboxHealth;
  monitors: MonitorInstanceRow[];
  consumerLag?: Record<string, number>;
}

/**
 * Reads the figures on demand and every few seconds in the background, so "keeps growing" has samples
 * to judge even when nobody probes. Answers are shared for a second: a burst of probes costs one read.
 */
@Injectable()
export class HealthFiguresService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly kafka: KafkaProbe;
  private readonly growth: GrowthTracker;
  private timer?: NodeJS.Timeout;
  private latest?: { atMs: number; snapshot: Promise<Snapshot> };

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly dataSource: DataSource,
  ) {
    this.kafka = new KafkaProbe(config.kafkaBrokers, 'vigil-api-health');
    this.growth = new GrowthTracker(config.health.growthWindowMs);
  }

  get bounds(): VigilConfig['health'] {
    return this.config.health;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.snapshot().catch(() => undefined), SAMPLE_EVERY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.kafka.close();
  }

  snapshot(): Promise<Snapshot> {
    const now = Date.now();
    if (!this.latest || now - this.latest.atMs > 1_000) this.latest = { atMs: now, snapshot: this.read(now) };
    return this.latest.snapshot;
  }

  private async read(nowMs: number): Promise<Snapshot> {
    const [store, kafka] = await Promise.all([this.readStore(nowMs), this.readKafka(nowMs)]);
    return {
      ...store,
      figures: { ...store.figures, kafka: kafka.kafka, consumerLag: kafka.consumerLag },
      consumerLag: kafka.lag,
    };
  }

  private async readStore(nowMs: number): Promise<Omit<Snapshot, 'consumerLag'>> {
    const figures: HealthFigures = { nowMs, readers: [] };
    try {
      const readers = await withTimeout(Promise.all(WATCHED_READERS.map((r) => readerBacklog(this.dataSource, r))), PROBE_TIMEOUT_MS);
      const outbox = await withTimeout(outboxHealth(this.dataSource), PROBE_TIMEOUT_MS);
      const monitors = await withTimeout(monitorInstances(this.dataSource), PROBE_TIMEOUT_MS);
      figures.database = { ok: true };
      figures.monitors = monitors;
      for (const r of readers) {
        this.growth.add(`reader:${r.name}`, nowMs, r.backlogPositions);
        figures.readers.push({
          name: r.name,
          oldestUnprocessedAtMs: r.oldestUnprocessedAtMs,
          growing: this.growth.isGrowing(`reader:${r.name}`, nowMs),
        });
      }
      this.growth.add('outbox', nowMs, outbox.pending);
      figures.outbox = {
        name: 'outbox',
        oldestUnprocessedAtMs: outbox.oldestPendingAt === null ? null : new Date(outbox.oldestPendingAt).getTime(),
        growing: this.growth.isGrowing('outbox', nowMs),
        parked: outbox.parked,
      };
      return { figures, readers, outbox, monitors };
    } catch (error) {
      figures.database = { ok: false, error: message(error) };
      return { figures, readers: [], monitors: [] };
    }
  }

  private async readKafka(
    nowMs: number,
  ): Promise<{ kafka: { ok: boolean; error?: string }; consumerLag?: { total: number; growing: boolean }; lag?: Record<string, number> }> {
    try {
      const { visits, adverseEvents } = this.config.topics;
      const lag = await withTimeout(this.kafka.groupLag(this.config.consumerGroup, [visits, adverseEvents]), PROBE_TIMEOUT_MS);
      const total = Object.values(lag).reduce((a, b) => a + b, 0);
      this.growth.add('consumer-lag', nowMs, total);
      return { kafka: { ok: true }, consumerLag: { total, growing: this.growth.isGrowing('consumer-lag', nowMs) }, lag };
    } catch (error) {
      await this.kafka.close(); // a probe that timed out may have left the admin half-connected
      return { kafka: { ok: false, error: message(error) } };
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
