import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClocksController } from './clocks.controller';
import { ClocksHandler } from './clocks.query';

/** The reporting clocks due soon, from the alerts read models (`alerts`, or `alert_versions` as of a time). */
@Module({
  imports: [CqrsModule],
  controllers: [ClocksController],
  providers: [ClocksHandler],
})
export class ClocksModule {}
