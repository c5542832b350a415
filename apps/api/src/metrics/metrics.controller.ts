import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { monitorCounterTotals, readinessReasons } from '@vigil/platform';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';
import { HealthFiguresService, Snapshot } from '../health/health-figures.service';

/**
 * Prometheus metrics from durable, cheap figures, so every API instance reports the same whichever monitor
 * did the work, and a scrape never counts rows of the event store: counters come from the monitors' status
 * rows (summed over every instance that ever ran), backlogs from checkpoint positions and index lookups.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();
  private readonly ingested = this.counter('vigil_events_ingested_total', 'Input events stored by the monitors', []);
  private readonly duplicates = this.counter('vigil_events_duplicate_total', 'Input messages already in the store (re-deliveries)', []);
  private readonly monitorDeadLetters = this.counter(
    'vigil_monitor_dead_letters_total',
    'Input messages dead-lettered by the monitors',
    [],
  );
  private readonly restarts = this.counter(
    'vigil_monitor_consumer_restarts_total',
    'Fresh Kafka consumers started after a crash, eviction or stall',
    [],
  );
  private readonly processes = this.counter(
    'vigil_monitor_processes_started_total',
    'Monitor processes started (each writes its own status row)',
    [],
  );
  private readonly monitorsAlive = this.gauge('vigil_monitors_alive', 'Monitors with a fresh status row, by consumer state', ['state']);
  private readonly heartbeatAge = this.gauge('vigil_monitor_heartbeat_age_seconds', 'Age of the newest monitor status row', []);
  private readonly lag = this.gauge('vigil_consumer_lag', 'Messages on the EDC topics not yet committed by the monitor group', ['topic']);
  private readonly alerts = this.gauge('vigil_alerts', 'Alerts by kind, severity and status', ['kind', 'severity', 'status']);
  private readonly deadLetters = this.gauge('vigil_dead_letters', 'Dead-lettered input messages, by class', ['class']);
  private readonly outbox = this.gauge('vigil_outbox_backlog', 'Notifications and dead letters committed but not yet published', []);
  private readonly outboxParked = this.gauge(
    'vigil_outbox_parked',
    'Outbox rows parked after repeated send failures (they wait for a person)',
    [],
  );
  private readonly outboxAge = this.gauge(
    'vigil_outbox_oldest_pending_seconds',
    'Age of the oldest unpublished outbox row (0 when none)',
    [],
  );
  private readonly readerLag = this.gauge(
    'vigil_reader_backlog_events',
    'Store positions between a reader checkpoint and the newest event',
    ['reader'],
  );
  private readonly readerAge = this.gauge(
    'vigil_reader_oldest_unprocessed_seconds',
    'Age (store recorded_at) of the oldest event a reader has not handled (0 when none)',
    ['reader'],
  );
  private readonly ready = this.gauge('vigil_ready', '1 when /health/ready would answer 200', []);

  constructor(
    private readonly dataSource: DataSource,
    private readonly figures: HealthFiguresService,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format 0.0.4)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'vigil_* gauges and counters' })
  async metrics(): Promise<string> {
    this.registry.resetMetrics();
    const snapshot = await this.figures.snapshot();
    const now = snapshot.figures.nowMs;
    for (const r of snapshot.readers) {
      this.readerLag.set({ reader: r.name }, r.backlogPositions);
      this.readerAge.set({ reader: r.name }, r.oldestUnprocessedAtMs === null ? 0 : (now - r.oldestUnprocessedAtMs) / 1000);
    }
    if (snapshot.outbox) {
      this.outbox.set(snapshot.outbox.pending);
      this.outboxParked.set(snapshot.outbox.parked);
      this.outboxAge.set(snapshot.outbox.oldestPendingAt === null ? 0 : (now - new Date(snapshot.outbox.oldestPendingAt).getTime()) / 1000);
    }
    for (const [topic, n] of Object.entries(snapshot.consumerLag ?? {})) this.lag.set({ topic }, n);
    if (snapshot.monitors.length > 0) this.heartbeatAge.set((now - Math.max(...snapshot.monitors.map((m) => m.heartbeatAtMs))) / 1000);
    this.ready.set(readinessReasons(snapshot.figures, this.figures.bounds).length === 0 ? 1 : 0);
    if (snapshot.figures.database?.ok) await this.fromDatabase(now, snapshot);
    return this.registry.metrics();
  }

  private async fromDatabase(now: number, snapshot: Snapshot): Promise<void> {
    const totals = await monitorCounterTotals(this.dataSource);
    this.ingested.inc(totals.eventsStored);
    this.duplicates.inc(totals.eventsDuplicate);
    this.monitorDeadLetters.inc(totals.deadLetters);
    this.restarts.inc(totals.consumerRestarts);
    this.processes.inc(totals.instances);
    const alive = snapshot.monitors.filter((m) => !m.stoppedAtMs && now - m.heartbeatAtMs <= this.figures.bounds.monitorStaleMs);
    for (const m of alive) this.monitorsAlive.inc({ state: m.consumerState }, 1);
    // Read models with one row per alert / per dead letter: small next to the event store, and grouped by what people ask.
    for (const r of await this.dataSource.query(`select kind, severity, status, count(*)::int as n from alerts group by 1, 2, 3`)) {
      this.alerts.set({ kind: r.kind, severity: r.severity, status: r.status }, r.n);
    }
    for (const r of await this.dataSource.query(`select error_class, count(*)::int as n from dead_letters group by 1`))
      this.deadLetters.set({ class: r.error_class }, r.n);
  }

  private gauge(name: string, help: string, labelNames: string[]): Gauge<string> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private counter(name: string, help: string, labelNames: string[]): Counter<string> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
