import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SummariseAdverseEventsController } from './summarise-adverse-events.controller';
import { SummariseAdverseEventsHandler } from './summarise-adverse-events.query';

/** The AE summary (counts by SOC/PT × grade × relatedness), from the AE read model's current AEs and `subjects`. */
@Module({
  imports: [CqrsModule],
  controllers: [SummariseAdverseEventsController],
  providers: [SummariseAdverseEventsHandler],
})
export class SummaryModule {}
