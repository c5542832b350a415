import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PgWakeups, PlatformModule, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { StoreReactionsService } from './evaluate-safety-rules/store-reactions.service';
import { loadTrialRules, TrialRulesRegistry } from './evaluate-safety-rules/trial-rules';
import { IngestClinicalEventsService } from './ingest-clinical-events/ingest-clinical-events.service';
import { ClockTickerService } from './keep-time/clock-ticker.service';
import { MonitorMetrics } from './monitor-metrics';
import { OutboxRelayService } from './publish-notifications/outbox-relay.service';
import { MonitorHealthController } from './report-health/monitor-health.controller';
import { MonitorReadinessService } from './report-health/monitor-readiness.service';
import { MonitorStatusService } from './report-health/monitor-status.service';

/**
 * The monitor, in the order data flows:
 *   Kafka (EDC topics) → ingest → event store → safety rules → alert events → read models
 *                                                      ↘ outbox → notification and dead-letter topics
 *   wall clock → clock events in the store → the rules see time (overdue visits) as events
 *   report-health: a status row every few seconds (the API's proof of life), /health probes
 */
@Module({
  imports: [PlatformModule.forRoot({ runMigrations: true }), TerminusModule.forRoot({ logger: false })],
  controllers: [MonitorHealthController],
  providers: [
    MonitorMetrics,
    {
      provide: TrialRulesRegistry,
      inject: [VIGIL_CONFIG],
      // Bad protocol files stop start-up here, with every problem named by file and field.
      useFactory: (config: VigilConfig) => loadTrialRules(config.protocolsDir),
    },
    {
      provide: PgWakeups,
      inject: [VIGIL_CONFIG],
      useFactory: async (config: VigilConfig) => {
        const wakeups = new PgWakeups(config.databaseUrl, new Logger('Wakeups'));
        await wakeups.start();
        return wakeups;
      },
    },
    IngestClinicalEventsService,
    StoreReactionsService,
    OutboxRelayService,
    ClockTickerService,
    MonitorStatusService,
    MonitorReadinessService,
  ],
})
export class MonitorModule implements OnApplicationShutdown {
  constructor(private readonly wakeups: PgWakeups) {}

  async onApplicationShutdown(): Promise<void> {
    await this.wakeups.stop();
  }
}
