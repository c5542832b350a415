import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AcknowledgeAlertHandler } from './acknowledge-alert.command';
import { ActOnAlertController } from './act-on-alert.controller';
import { CloseAlertHandler } from './close-alert.command';

/** What people may ask of an alert: acknowledge it, close it (commands on the alert's event stream). */
@Module({
  imports: [CqrsModule],
  controllers: [ActOnAlertController],
  providers: [AcknowledgeAlertHandler, CloseAlertHandler],
})
export class ActOnAlertModule {}
