import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SponsorView } from '../blinding/sponsor-view';
import { TrialApi } from '../http/api-problems.decorator';
import { AsOfQuery, TrialPath } from '../http/common.dto';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { sponsorVisitComplianceView } from './sponsor-visit-compliance';
import { VisitCompliance } from './visit-compliance';
import { VisitComplianceDto } from './visit-compliance.dto';
import { VisitComplianceQuery } from './visit-compliance.query';

@ApiTags('dashboard')
@TrialApi()
@Controller('api/trials/:trialId/visit-compliance')
export class VisitComplianceController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Visit compliance per scheduled visit: treated subjects in window, out of window, missed, overdue, not yet due',
    description:
      "One row per visit of the protocol's schedule, in its order (empty for a trial without a protocol). Study days count from the first " +
      'treatment (day 0), as the visit-deviation rule counts them; a corrected visit counts as corrected. Overdue: no record and the window ' +
      'closed before now, which is `asOf` when given, else the latest clock event the monitor appended (as for the rule). With `asOf`, what ' +
      'was recorded by then.',
  })
  @ApiOkResponse({ type: VisitComplianceDto })
  @SponsorView(sponsorVisitComplianceView)
  @CachedRead()
  compliance(@Param() { trialId }: TrialPath, @Query() { asOf }: AsOfQuery): Promise<VisitCompliance> {
    return this.queries.execute(new VisitComplianceQuery(trialId, asOf));
  }
}
