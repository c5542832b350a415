import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.guard';
import { Principal } from '@vigil/auth';
import { ApiProblems } from '../http/api-problems.decorator';
import { AsOfQuery } from '../http/common.dto';
import { ListTrialsQuery, TrialList } from './list-trials.query';
import { TrialListDto } from './trials.dto';
import { SponsorView } from '../blinding/sponsor-view';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { sponsorTrialsView } from './sponsor-trials';

@ApiTags('trials')
@ApiBearerAuth()
@ApiProblems(400, 401, 500)
@Controller('api/trials')
export class ListTrialsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Trials with data that the token may see, with subjects and open/acknowledged alerts by severity',
    description: 'With `asOf`, counts as they stood then.',
  })
  @ApiOkResponse({ type: TrialListDto })
  @SponsorView(sponsorTrialsView)
  @CachedRead()
  list(@Query() { asOf }: AsOfQuery, @CurrentPrincipal() principal: Principal): Promise<TrialList> {
    return this.queries.execute(new ListTrialsQuery(principal.trials.includes('*') ? null : principal.trials, asOf));
  }
}
