import { Module } from '@nestjs/common';
import { SafetyRulesModule } from '@vigil/safety-rules';
import { WakeupsModule } from '../wakeups.module';
import { StoreReactionsService } from './store-reactions.service';

/**
 * Store → safety rules → alert changes, and store → read models: readers with checkpoints, not commands
 * (nobody asks for them; they follow the store). Woken by PostgreSQL NOTIFY on every commit.
 */
@Module({
  imports: [SafetyRulesModule, WakeupsModule],
  providers: [StoreReactionsService],
  exports: [StoreReactionsService],
})
export class EvaluateSafetyRulesModule {}
