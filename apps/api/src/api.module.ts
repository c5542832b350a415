import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { PlatformModule } from '@vigil/platform';
import { AuthGuard } from './auth/auth.guard';
import { BlindingInterceptor } from './blinding/blinding.interceptor';
import { HealthController } from './health/health.controller';
import { HealthFiguresService } from './health/health-figures.service';
import { ActOnAlertController } from './act-on-alert/act-on-alert.controller';
import { ActOnAlertService } from './act-on-alert/act-on-alert.service';
import { MetricsController } from './metrics/metrics.controller';
import { GetAlertController } from './list-alerts/get-alert.controller';
import { ListAlertsController } from './list-alerts/list-alerts.controller';
import { ListTrialsController } from './list-trials/list-trials.controller';
import { SummariseAdverseEventsController } from './summarise-adverse-events/summarise-adverse-events.controller';
import { ListAdverseEventsController } from './list-adverse-events/list-adverse-events.controller';
import { SubjectTimelineController } from './subject-timeline/subject-timeline.controller';
import { FollowNotificationsController } from './follow-notifications/follow-notifications.controller';

/**
 * The DSMB and sponsor API (SPEC §5): every route passes the AuthGuard unless marked @Public, and every
 * response the BlindingInterceptor (sponsors never see the arm).
 */
@Module({
  imports: [PlatformModule.forRoot({ runMigrations: true }), TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController, ListTrialsController, SummariseAdverseEventsController, ListAlertsController, GetAlertController, ActOnAlertController, FollowNotificationsController, ListAdverseEventsController, SubjectTimelineController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_INTERCEPTOR, useClass: BlindingInterceptor }, ActOnAlertService, HealthFiguresService],
})
export class ApiModule {}
