import { BadRequestException, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Alert } from '@vigil/contracts';
import { Principal } from '@vigil/auth';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { ActOnAlertService } from './act-on-alert.service';

const COMMENT_BODY = { schema: { type: 'object', required: ['comment'], properties: { comment: { type: 'string', maxLength: 4000 } } } };

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/trials/:trialId/alerts/:alertId')
export class ActOnAlertController {
  constructor(private readonly service: ActOnAlertService) {}

  @Post('acknowledge')
  @HttpCode(200)
  @Roles('dsmb', 'safety-officer')
  @ApiOperation({ summary: 'Acknowledge an open alert (dsmb, safety-officer)' })
  @ApiBody(COMMENT_BODY)
  acknowledge(@Param('trialId') trialId: string, @Param('alertId') alertId: string, @Body() body: unknown, @CurrentPrincipal() who: Principal): Promise<Alert> {
    return this.act('acknowledge', trialId, alertId, body, who);
  }

  @Post('close')
  @HttpCode(200)
  @Roles('dsmb', 'safety-officer')
  @ApiOperation({ summary: 'Close an open or acknowledged alert (dsmb, safety-officer)' })
  @ApiBody(COMMENT_BODY)
  close(@Param('trialId') trialId: string, @Param('alertId') alertId: string, @Body() body: unknown, @CurrentPrincipal() who: Principal): Promise<Alert> {
    return this.act('close', trialId, alertId, body, who);
  }

  private async act(type: 'acknowledge' | 'close', trialId: string, alertId: string, body: unknown, who: Principal): Promise<Alert> {
    const comment = (body as { comment?: unknown } | undefined)?.comment;
    if (typeof comment !== 'string' || comment.trim() === '') throw new BadRequestException('body must be JSON { "comment": "<why>" } with a non-empty comment');
    if (comment.length > 4000) throw new BadRequestException('"comment" must be at most 4000 characters');
    const alert = await this.service.act(trialId, alertId, { type, by: who.sub, role: who.role, comment: comment.trim(), at: new Date().toISOString() });
    return alert;
  }
}
