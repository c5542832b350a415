import { Module } from '@nestjs/common';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { loadTrialRules, TrialRulesRegistry } from './trial-rules';

/** The trial rules from the protocol files, loaded once per process for every reader of the rules. */
@Module({
  providers: [
    {
      provide: TrialRulesRegistry,
      inject: [VIGIL_CONFIG],
      // Bad protocol files stop start-up here, with every problem named by file and field.
      useFactory: (config: VigilConfig) => loadTrialRules(config.protocolsDir),
    },
  ],
  exports: [TrialRulesRegistry],
})
export class SafetyRulesModule {}
