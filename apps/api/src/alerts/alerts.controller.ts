import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Alert } from '@vigil/contracts';
import { AsOfQuery, TrialPath } from '../http/common.dto';
import { ApiProblems, TrialApi } from '../http/api-problems.decorator';
import { AlertDto, AlertPageDto } from './alert.dto';
import { AlertPath, ListAlertsParams } from './alert-requests.dto';
import { GetAlertQuery } from './get-alert.query';
import { SponsorView } from '../blinding/sponsor-view';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { sponsorAlertPageView, sponsorAlertView } from './sponsor-alert-views';
import { ListAlertsQuery } from './list-alerts.query';

@ApiTags('alerts')
@TrialApi()
@Controller('api/trials/:trialId/alerts')
export class AlertsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Alerts of a trial, newest first, with filters and a stable cursor',
    description: 'With `asOf`, each alert as it stood then (filters apply to that state).',
  })
  @ApiOkResponse({ type: AlertPageDto })
  @SponsorView(sponsorAlertPageView)
  @CachedRead()
  list(@Param() { trialId }: TrialPath, @Query() q: ListAlertsParams): Promise<AlertPageDto> {
    const { status, kind, severity, subjectId } = q;
    return this.queries.execute(new ListAlertsQuery(trialId, { status, kind, severity, subjectId }, q.cursor, q.limit, q.asOf));
  }

  @Get(':alertId')
  @ApiOperation({ summary: 'One alert with its full history', description: 'With `asOf`, the alert and its history as they stood then.' })
  @ApiOkResponse({ type: AlertDto })
  @SponsorView(sponsorAlertView)
  @CachedRead()
  @ApiProblems(404)
  get(@Param() { trialId, alertId }: AlertPath, @Query() { asOf }: AsOfQuery): Promise<Alert> {
    return this.queries.execute(new GetAlertQuery(trialId, alertId, asOf));
  }
}
