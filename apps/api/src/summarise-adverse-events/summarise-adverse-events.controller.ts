import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.guard';
import { Principal } from '@vigil/auth';
import { TrialApi } from '../http/api-problems.decorator';
import { AsOfQuery, TrialPath } from '../http/common.dto';
import { AeSummaryDto } from './ae-summary.dto';
import { AeSummary, SummariseAdverseEventsQuery } from './summarise-adverse-events.query';
import { SponsorView } from '../blinding/sponsor-view';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { sponsorSummaryView } from './sponsor-summary';

@ApiTags('adverse events')
@TrialApi()
@Controller('api/trials/:trialId/summary')
export class SummariseAdverseEventsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'AE counts by SOC → PT × worst grade × relatedness, seriousness; by arm for the DSMB only',
    description: 'With `asOf`, the AEs as they stood then.',
  })
  @ApiOkResponse({ type: AeSummaryDto })
  @SponsorView(sponsorSummaryView)
  @CachedRead()
  summarise(@Param() { trialId }: TrialPath, @Query() { asOf }: AsOfQuery, @CurrentPrincipal() principal: Principal): Promise<AeSummary> {
    // Unblinded breakdowns are for the DSMB only (SPEC §5).
    return this.queries.execute(new SummariseAdverseEventsQuery(trialId, principal.role === 'dsmb', asOf));
  }
}
