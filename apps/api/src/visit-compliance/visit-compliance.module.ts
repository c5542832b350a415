import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { VisitComplianceController } from './visit-compliance.controller';
import { VisitComplianceHandler } from './visit-compliance.query';

/** Visit compliance per scheduled visit, from the visit-topic `timeline_entries` (bodies in `events`) and the clock. */
@Module({
  imports: [CqrsModule],
  controllers: [VisitComplianceController],
  providers: [VisitComplianceHandler],
})
export class VisitComplianceModule {}
