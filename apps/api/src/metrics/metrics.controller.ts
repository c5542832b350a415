import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { INPUT_EVENT_TYPES } from '@vigil/contracts';
import { pendingCount } from '@vigil/event-store';
import { consumerGroupLag } from '@vigil/messaging';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { ALERT_EVENT_TYPES } from '@vigil/safety-domain';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';

/**
 * Prometheus metrics read from the durable state at scrape time, so every API instance reports the same
 * figures whichever monitor instance did the work.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();
  private readonly ingested = this.gauge('vigil_events_ingested', 'Input events stored, by type', ['type']);
  private readonly lag = this.gauge('vigil_consumer_lag', 'Messages on the EDC topics not yet committed by the monitor group', ['topic']);
  private readonly alerts = this.gauge('vigil_alerts', 'Alerts by kind, severity and status', ['kind', 'severity', 'status']);
  private readonly deadLetters = this.gauge('vigil_dead_letters', 'Dead-lettered input messages, by class', ['class']);
  private readonly outbox = this.gauge('vigil_outbox_backlog', 'Notifications and dead letters committed but not yet published', []);
  private readonly readerLag = this.gauge('vigil_reader_backlog_events', 'Events a store reader has not handled yet', ['reader']);

  constructor(private readonly dataSource: DataSource, @Inject(VIGIL_CONFIG) private readonly config: VigilConfig) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    this.registry.resetMetrics();
    const q = (sql: string) => this.dataSource.query(sql);
    for (const r of await q(`select type, count(*)::int as n from events where type = any(array['${INPUT_EVENT_TYPES.join("','")}']) group by type`)) {
      this.ingested.set({ type: r.type }, r.n);
    }
    for (const r of await q(`select kind, severity, status, count(*)::int as n from alerts group by 1, 2, 3`)) {
      this.alerts.set({ kind: r.kind, severity: r.severity, status: r.status }, r.n);
    }
    for (const r of await q(`select error_class, count(*)::int as n from dead_letters group by 1`)) this.deadLetters.set({ class: r.error_class }, r.n);
    this.outbox.set((await q(`select count(*)::int as n from outbox where published_at is null`))[0].n);
    this.readerLag.set({ reader: 'safety-rules' }, await pendingCount(this.dataSource, 'safety-rules', INPUT_EVENT_TYPES));
    this.readerLag.set({ reader: 'alerts' }, await pendingCount(this.dataSource, 'alerts', ALERT_EVENT_TYPES));
    await this.consumerLag().catch(() => undefined); // Kafka down: the other figures still matter most
    return this.registry.metrics();
  }

  private async consumerLag(): Promise<void> {
    const { visits, adverseEvents } = this.config.topics;
    const lag = await consumerGroupLag(this.config.kafkaBrokers, this.config.consumerGroup, [visits, adverseEvents]);
    for (const [topic, n] of Object.entries(lag)) this.lag.set({ topic }, n);
  }

  private gauge(name: string, help: string, labelNames: string[]): Gauge<string> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
