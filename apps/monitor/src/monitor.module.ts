import { Module } from '@nestjs/common';
import { PlatformModule } from '@vigil/platform';
import { StoreReactionsService } from './evaluate-safety-rules/store-reactions.service';
import { TrialRulesRegistry } from './evaluate-safety-rules/trial-rules';
import { IngestClinicalEventsService } from './ingest-clinical-events/ingest-clinical-events.service';
import { MonitorMetrics } from './monitor-metrics';
import { OutboxRelayService } from './publish-notifications/outbox-relay.service';

/**
 * The monitor, in the order data flows:
 *   Kafka (EDC topics) → ingest → event store → safety rules → alert events → read models
 *                                                      ↘ outbox → notification and dead-letter topics
 */
@Module({
  imports: [PlatformModule.forRoot({ runMigrations: true })],
  providers: [
    MonitorMetrics,
    { provide: TrialRulesRegistry, useFactory: () => new TrialRulesRegistry() },
    IngestClinicalEventsService,
    StoreReactionsService,
    OutboxRelayService,
  ],
})
export class MonitorModule {}
