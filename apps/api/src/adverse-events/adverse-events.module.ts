import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ListAdverseEventsController } from './list-adverse-events.controller';
import { ListAdverseEventsHandler } from './list-adverse-events.query';

/** Reads of the AE read model (`ae_versions`): the SDTM-style AE listing. Owns the "current AE as of" SQL. */
@Module({
  imports: [CqrsModule],
  controllers: [ListAdverseEventsController],
  providers: [ListAdverseEventsHandler],
})
export class AdverseEventsModule {}
