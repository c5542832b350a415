import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsController } from '../metrics/metrics.controller';
import { HealthController } from './health.controller';
import { HealthFiguresService } from './health-figures.service';

/** What operators ask: /health (live, ready, overall) and /metrics, plain controllers over one figures service. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [HealthFiguresService],
})
export class OperationsModule {}
