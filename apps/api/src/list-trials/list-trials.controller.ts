import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Principal } from '@vigil/auth';
import { parseAsOf } from '../as-of/parse-as-of';
import { CurrentPrincipal } from '../auth/auth.guard';
import { loadTrialCounts } from './load-trial-counts';
import { toTrialOverviews, TrialOverview } from './trial-overviews';

@ApiTags('trials')
@ApiBearerAuth()
@Controller('api/trials')
export class ListTrialsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Trials with data that the token may see, with subjects and open/acknowledged alerts by severity' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 time with offset: counts as they stood then' })
  async list(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal): Promise<{ items: TrialOverview[]; asOf?: string }> {
    const asOf = parseAsOf(query);
    const trials = principal.trials.includes('*') ? null : principal.trials;
    const items = toTrialOverviews(await loadTrialCounts(this.dataSource, trials, asOf));
    return { items, ...(asOf ? { asOf } : {}) };
  }
}
