import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ListTrialsController } from './list-trials.controller';
import { ListTrialsHandler } from './list-trials.query';

/** The trials overview: counts from `subjects`, `alerts` / `alert_versions` and `ae_versions` per trial. */
@Module({
  imports: [CqrsModule],
  controllers: [ListTrialsController],
  providers: [ListTrialsHandler],
})
export class TrialsModule {}
