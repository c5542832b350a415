import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AlertsController } from './alerts.controller';
import { GetAlertHandler } from './get-alert.query';
import { ListAlertsHandler } from './list-alerts.query';

/** Reads of the alerts read models (`alerts`, `alert_versions`): list with filters and cursor, one alert. */
@Module({
  imports: [CqrsModule],
  controllers: [AlertsController],
  providers: [ListAlertsHandler, GetAlertHandler],
})
export class AlertsModule {}
