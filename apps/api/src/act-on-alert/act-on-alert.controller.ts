import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Alert } from '@vigil/contracts';
import { AlertDto } from '../alerts/alert.dto';
import { AlertPath } from '../alerts/alert-requests.dto';
import { sponsorAlertView } from '../alerts/sponsor-alert-views';
import { SponsorView } from '../blinding/sponsor-view';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { Principal } from '@vigil/auth';
import { ApiProblems, TrialApi } from '../http/api-problems.decorator';
import { AcknowledgeAlertCommand } from './acknowledge-alert.command';
import { AlertActionBody } from './alert-action.dto';
import { CloseAlertCommand } from './close-alert.command';

@ApiTags('alerts')
@TrialApi()
@ApiProblems(404, 409)
@Controller('api/trials/:trialId/alerts/:alertId')
export class ActOnAlertController {
  constructor(private readonly commands: CommandBus) {}

  @Post('acknowledge')
  @HttpCode(200)
  @Roles('dsmb', 'safety-officer')
  @ApiOperation({ summary: 'Acknowledge an open alert (dsmb, safety-officer)' })
  @ApiOkResponse({ type: AlertDto, description: 'The alert after the action' })
  @SponsorView(sponsorAlertView) // sponsors may not act; declared so that the rule has no exception
  acknowledge(
    @Param() { trialId, alertId }: AlertPath,
    @Body() { comment }: AlertActionBody,
    @CurrentPrincipal() who: Principal,
  ): Promise<Alert> {
    return this.commands.execute(new AcknowledgeAlertCommand(trialId, alertId, who, comment));
  }

  @Post('close')
  @HttpCode(200)
  @Roles('dsmb', 'safety-officer')
  @ApiOperation({ summary: 'Close an open or acknowledged alert (dsmb, safety-officer)' })
  @ApiOkResponse({ type: AlertDto, description: 'The alert after the action' })
  @SponsorView(sponsorAlertView)
  close(
    @Param() { trialId, alertId }: AlertPath,
    @Body() { comment }: AlertActionBody,
    @CurrentPrincipal() who: Principal,
  ): Promise<Alert> {
    return this.commands.execute(new CloseAlertCommand(trialId, alertId, who, comment));
  }
}
