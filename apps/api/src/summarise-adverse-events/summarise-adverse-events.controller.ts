import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Causality } from '@vigil/contracts';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { DataSource } from 'typeorm';
import { Principal } from '@vigil/auth';
import { parseAsOf } from '../as-of/parse-as-of';
import { CurrentPrincipal } from '../auth/auth.guard';
import { loadCurrentAes, loadEnrolment } from './load-current-aes';
import { loadRelatedThresholds } from './related-thresholds';
import { AeSummaryBody, summariseAdverseEvents } from './summarise-adverse-events';

@ApiTags('adverse events')
@ApiBearerAuth()
@Controller('api/trials/:trialId/summary')
export class SummariseAdverseEventsController {
  private readonly relatedThreshold: (trialId: string) => Causality;

  constructor(private readonly dataSource: DataSource, @Inject(VIGIL_CONFIG) config: VigilConfig) {
    this.relatedThreshold = loadRelatedThresholds(config.protocolsDir);
  }

  @Get()
  @ApiOperation({ summary: 'AE counts by SOC → PT × worst grade × relatedness, seriousness; by arm for the DSMB only' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 time with offset: the AEs as they stood then' })
  async summarise(
    @Param('trialId') trialId: string,
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ trialId: string; asOf?: string } & AeSummaryBody> {
    const asOf = parseAsOf(query);
    // Unblinded breakdowns are for the DSMB only (SPEC §5); for anyone else the arm is not even read.
    const byArm = principal.role === 'dsmb';
    const [aes, enrolled] = await Promise.all([
      loadCurrentAes(this.dataSource, trialId, asOf, byArm),
      loadEnrolment(this.dataSource, trialId, asOf, byArm),
    ]);
    const summary = summariseAdverseEvents(aes, { relatedThreshold: this.relatedThreshold(trialId), enrolled, byArm });
    return { trialId, ...(asOf ? { asOf } : {}), ...summary };
  }
}
