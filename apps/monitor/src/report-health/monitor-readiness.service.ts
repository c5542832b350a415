import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { outboxHealth } from '@vigil/messaging';
import { GrowthTracker, HealthFigures, readerBacklog, reasonsByCheck, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { DataSource } from 'typeorm';
import { StoreReactionsService } from '../evaluate-safety-rules/store-reactions.service';
import { IngestClinicalEventsService } from '../ingest-clinical-events/ingest-clinical-events.service';

const SAMPLE_EVERY_MS = 5_000;

/**
 * This monitor's own view: is its consumer running, does the database answer, do the store reactions it
 * runs and the outbox keep up (oldest unprocessed age, growth sampled every few seconds).
 */
@Injectable()
export class MonitorReadinessService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly growth: GrowthTracker;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly dataSource: DataSource,
    private readonly ingest: IngestClinicalEventsService,
    private readonly reactions: StoreReactionsService,
  ) {
    this.growth = new GrowthTracker(config.health.growthWindowMs);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.figures().catch(() => undefined), SAMPLE_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async reasonsByCheck(): Promise<Record<string, string[]>> {
    return reasonsByCheck(await this.figures(), this.config.health);
  }

  private async figures(): Promise<HealthFigures> {
    const nowMs = Date.now();
    const consumer = this.ingest.consumerStatus;
    const figures: HealthFigures = { nowMs, consumer: { state: consumer.state, lastError: consumer.lastError }, readers: [] };
    try {
      await withTimeout(this.dataSource.query('select 1'), 3_000);
      figures.database = { ok: true };
      // Readers move their checkpoint past every event they scan: no type list (see readerBacklog).
      for (const name of this.reactions.subscriptions.flatMap((s) => s.reactions.map((r) => r.name))) {
        const backlog = await readerBacklog(this.dataSource, { name });
        this.growth.add(name, nowMs, backlog.backlogPositions);
        figures.readers.push({ name, oldestUnprocessedAtMs: backlog.oldestUnprocessedAtMs, growing: this.growth.isGrowing(name, nowMs) });
      }
      const outbox = await outboxHealth(this.dataSource);
      this.growth.add('outbox', nowMs, outbox.pending);
      figures.outbox = {
        name: 'outbox',
        oldestUnprocessedAtMs: timeOf(outbox.oldestPendingAt),
        growing: this.growth.isGrowing('outbox', nowMs),
        parked: outbox.parked,
      };
    } catch (error) {
      figures.database = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    return figures;
  }
}

function timeOf(iso: string | null): number | null {
  return iso === null ? null : new Date(iso).getTime();
}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
