import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggingModule, PlatformModule } from '@vigil/platform';
import { ActOnAlertModule } from './act-on-alert/act-on-alert.module';
import { AdverseEventsModule } from './adverse-events/adverse-events.module';
import { AlertsModule } from './alerts/alerts.module';
import { AuthGuard } from './auth/auth.guard';
import { BlindingInterceptor } from './blinding/blinding.interceptor';
import { BlindingModule } from './blinding/blinding.module';
import { DsmbReportModule } from './dsmb-report/dsmb-report.module';
import { DevTokensModule } from './dev-tokens/dev-tokens.module';
import { OperationsModule } from './health/operations.module';
import { ReadCacheInterceptor } from './read-cache/read-cache.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { RequestValidationPipe } from './http/request-validation.pipe';
import { NotificationsModule } from './notifications/notifications.module';
import { SubjectTimelineModule } from './subject-timeline/subject-timeline.module';
import { SummaryModule } from './summarise-adverse-events/summary.module';
import { TrialsModule } from './trials/trials.module';
import { ProtocolsModule } from './protocols/protocols.module';
import { LabPeaksModule } from './lab-peaks/lab-peaks.module';
import { VisitComplianceModule } from './visit-compliance/visit-compliance.module';
import { StoppingRulesModule } from './stopping-rules/stopping-rules.module';
import { ClocksModule } from './clocks/clocks.module';

/**
 * The DSMB and sponsor API (SPEC §5). What it can be asked, one module each: queries on the QueryBus
 * (trials, alerts, AE listing, AE summary, subject timeline, notification feed, and the dashboard views: lab peaks,
 * visit compliance, stopping-rule progress, clocks) and the commands people
 * give on the CommandBus (acknowledge, close). Every route passes the AuthGuard unless marked @Public,
 * the RequestValidationPipe (request DTOs), the ReadCacheInterceptor (@CachedRead routes: one rendering per read-model state), and the BlindingInterceptor (a sponsor gets the route's declared sponsor view, built from a list of fields);
 * every error leaves through the ProblemFilter (RFC 9457). Health and metrics (OperationsModule) are plain controllers; DevTokensModule is the
 * dashboard's development sign-in (only with the development secret). The dashboard itself is static files (main.ts).
 */
@Module({
  imports: [
    LoggingModule.forRoot(),
    PlatformModule.forRoot({ connectAs: 'api' }),
    CqrsModule.forRoot(),
    BlindingModule,
    OperationsModule,
    TrialsModule,
    AlertsModule,
    ActOnAlertModule,
    AdverseEventsModule,
    SummaryModule,
    SubjectTimelineModule,
    NotificationsModule,
    ProtocolsModule,
    LabPeaksModule,
    VisitComplianceModule,
    StoppingRulesModule,
    ClocksModule,
    DsmbReportModule,
    DevTokensModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_PIPE, useValue: new RequestValidationPipe() },
    // Outermost first: the read cache keeps what the blinding made of an answer.
    { provide: APP_INTERCEPTOR, useClass: ReadCacheInterceptor },
    { provide: APP_INTERCEPTOR, useClass: BlindingInterceptor },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
export class ApiModule {}
