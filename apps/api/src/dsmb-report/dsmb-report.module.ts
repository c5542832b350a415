import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DsmbReportController } from './dsmb-report.controller';
import { DsmbReportHandler } from './dsmb-report.query';

/** The DSMB meeting report (libs/dsmb-report), read from the event store at a cut-off and position. */
@Module({
  imports: [CqrsModule],
  controllers: [DsmbReportController],
  providers: [DsmbReportHandler],
})
export class DsmbReportModule {}
