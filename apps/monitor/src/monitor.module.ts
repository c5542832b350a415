import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggingModule, PlatformModule } from '@vigil/platform';
import { RebuildModule } from '@vigil/safety-rules';
import { EvaluateSafetyRulesModule } from './evaluate-safety-rules/evaluate-safety-rules.module';
import { IngestClinicalEventsModule } from './ingest-clinical-events/ingest-clinical-events.module';
import { KeepTimeModule } from './keep-time/keep-time.module';
import { PublishNotificationsModule } from './publish-notifications/publish-notifications.module';
import { ReportHealthModule } from './report-health/report-health.module';

/**
 * The monitor, in the order data flows:
 *   Kafka (EDC topics) → ingest → event store → safety rules → alert events → read models
 *                                                      ↘ outbox → notification and dead-letter topics
 *   wall clock → clock events in the store → the rules see time (overdue visits) as events
 *   report-health: a status row every few seconds (the API's proof of life), /health probes
 *
 * What it can be asked to do are commands on the CommandBus, each awaited by whoever dispatches it:
 *   RecordIngestedBatch (ingest-clinical-events, from the Kafka consumer), TickClock (keep-time, from its
 *   timer), RebuildReadModel (rebuild, from `vigil rebuild`). The rest follow the store from checkpoints.
 */
@Module({
  imports: [
    LoggingModule.forRoot(),
    PlatformModule.forRoot({ connectAs: 'monitor' }),
    CqrsModule.forRoot(),
    IngestClinicalEventsModule,
    EvaluateSafetyRulesModule,
    KeepTimeModule,
    PublishNotificationsModule,
    ReportHealthModule,
    RebuildModule,
  ],
})
export class MonitorModule {}
