import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { StoppingRulesController } from './stopping-rules.controller';
import { StoppingRulesHandler } from './stopping-rules.query';

/** Stopping-rule progress from the current AEs (`ae_versions`) and the stopping-rule alerts. */
@Module({
  imports: [CqrsModule],
  controllers: [StoppingRulesController],
  providers: [StoppingRulesHandler],
})
export class StoppingRulesModule {}
