import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SponsorView } from '../blinding/sponsor-view';
import { TrialApi } from '../http/api-problems.decorator';
import { AsOfQuery, TrialPath } from '../http/common.dto';
import { Clocks } from './clocks';
import { ClocksDto } from './clocks.dto';
import { ClocksQuery } from './clocks.query';
import { sponsorClocksView } from './sponsor-clocks';

@ApiTags('dashboard')
@TrialApi()
@Controller('api/trials/:trialId/clocks')
export class ClocksController {
  constructor(private readonly queries: QueryBus) {}

  /** Not a @CachedRead: without asOf the answer moves with the wall clock, which the read cache does not watch. */
  @Get()
  @ApiOperation({
    summary: 'Reporting clocks: open or acknowledged alerts due within 24 h, and those overdue, soonest first',
    description:
      "`now` is `asOf` when given (the alerts as they stood then), else the server's time. An item is overdue when its `dueBy` is before `now`.",
  })
  @ApiOkResponse({ type: ClocksDto })
  @SponsorView(sponsorClocksView)
  clocks(@Param() { trialId }: TrialPath, @Query() { asOf }: AsOfQuery): Promise<Clocks> {
    return this.queries.execute(new ClocksQuery(trialId, asOf));
  }
}
