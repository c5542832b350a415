import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EvaluateSafetyRulesModule } from '../evaluate-safety-rules/evaluate-safety-rules.module';
import { IngestClinicalEventsModule } from '../ingest-clinical-events/ingest-clinical-events.module';
import { CountIngestedMessages } from './count-ingested-messages.handler';
import { MonitorHealthController } from './monitor-health.controller';
import { MonitorMetrics } from './monitor-metrics';
import { MonitorReadinessService } from './monitor-readiness.service';
import { MonitorStatusService } from './monitor-status.service';

/** A status row every few seconds (the API's proof of life and its /metrics), and the /health probes. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), IngestClinicalEventsModule, EvaluateSafetyRulesModule],
  controllers: [MonitorHealthController],
  providers: [MonitorMetrics, CountIngestedMessages, MonitorStatusService, MonitorReadinessService],
})
export class ReportHealthModule {}
