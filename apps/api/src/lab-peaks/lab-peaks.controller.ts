import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal } from '@vigil/auth';
import { CurrentPrincipal } from '../auth/auth.guard';
import { SponsorView } from '../blinding/sponsor-view';
import { TrialApi } from '../http/api-problems.decorator';
import { AsOfQuery, TrialPath } from '../http/common.dto';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { LabPeaks } from './lab-peaks';
import { LabPeaksDto } from './lab-peaks.dto';
import { LabPeaksQuery } from './lab-peaks.query';
import { sponsorLabPeaksView } from './sponsor-lab-peaks';

@ApiTags('dashboard')
@TrialApi()
@Controller('api/trials/:trialId/lab-peaks')
export class LabPeaksController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: "eDISH: each subject's peak ALT, AST, total bilirubin and ALP × ULN, with the Hy's law flag",
    description:
      'Peaks over all completed visits (a corrected visit counts once, as corrected); results without a ULN are skipped. One item per subject ' +
      'with at least one of these labs, by subject id. `hysLaw`: the subject has a hys-law alert that is not withdrawn. `thresholds` are the ' +
      "Hy's law rule's (ALT or AST > 3 × ULN, bilirubin > 2 × ULN). The arm is absent for sponsors. With `asOf`, what was recorded by then.",
  })
  @ApiOkResponse({ type: LabPeaksDto })
  @SponsorView(sponsorLabPeaksView)
  @CachedRead()
  peaks(@Param() { trialId }: TrialPath, @Query() { asOf }: AsOfQuery, @CurrentPrincipal() principal: Principal): Promise<LabPeaks> {
    return this.queries.execute(new LabPeaksQuery(trialId, principal.role !== 'sponsor', asOf));
  }
}
