import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SponsorView } from '../blinding/sponsor-view';
import { TrialApi } from '../http/api-problems.decorator';
import { AsOfQuery, TrialPath } from '../http/common.dto';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { sponsorStoppingRulesView } from './sponsor-stopping-rules';
import { StoppingRulesProgress } from './stopping-rule-progress';
import { StoppingRulesProgressDto } from './stopping-rules.dto';
import { StoppingRulesQuery } from './stopping-rules.query';

@ApiTags('dashboard')
@TrialApi()
@Controller('api/trials/:trialId/stopping-rules')
export class StoppingRulesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: "Each stopping rule's progress: qualifying subjects so far against its threshold, and its alert when raised",
    description:
      "One item per stopping rule of the trial's protocol (empty without a protocol). `count`: distinct subjects with a current AE " +
      '(highest version, not nullified) that matches the rule, judged as the rules judge it; `met`: count ≥ threshold. `alertId` and ' +
      "`status`: the rule's stopping-rule alert, once raised. No subject or arm is listed. With `asOf`, what was recorded by then.",
  })
  @ApiOkResponse({ type: StoppingRulesProgressDto })
  @SponsorView(sponsorStoppingRulesView)
  @CachedRead()
  progress(@Param() { trialId }: TrialPath, @Query() { asOf }: AsOfQuery): Promise<StoppingRulesProgress> {
    return this.queries.execute(new StoppingRulesQuery(trialId, asOf));
  }
}
