import { Module } from '@nestjs/common';
import { SafetyRulesModule } from '../evaluate-safety-rules/safety-rules.module';
import { RebuildReadModelHandler } from './rebuild-read-model.handler';

/**
 * RebuildReadModel on the CommandBus. Needs CqrsModule.forRoot() and PlatformModule (DataSource, config)
 * in the application that imports it: the monitor, and the cli's `vigil rebuild`.
 */
@Module({
  imports: [SafetyRulesModule],
  providers: [RebuildReadModelHandler],
})
export class RebuildModule {}
