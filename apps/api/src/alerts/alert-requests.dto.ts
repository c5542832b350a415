import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_KINDS, ALERT_STATUSES, AlertKind, AlertStatus, SEVERITIES, Severity } from '@vigil/contracts';
import { AsOfQuery, TrialPath } from '../http/common.dto';
import { integer, oneOf, text } from '../http/parameters';
import { Parsed } from '../http/parsed.decorator';
import { alertCursor } from './alert-cursor';

export const DEFAULT_ALERT_PAGE = 50;
export const MAX_ALERT_PAGE = 500;

export class AlertPath extends TrialPath {
  @ApiProperty()
  @Parsed(text('alertId'), { required: true })
  alertId: string;
}

export class ListAlertsParams extends AsOfQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @Parsed(oneOf('status', ALERT_STATUSES))
  status?: AlertStatus;

  @ApiPropertyOptional({ enum: ALERT_KINDS })
  @Parsed(oneOf('kind', ALERT_KINDS))
  kind?: AlertKind;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @Parsed(oneOf('severity', SEVERITIES))
  severity?: Severity;

  @ApiPropertyOptional()
  @Parsed(text('subjectId'))
  subjectId?: string;

  /** Given as the opaque `nextCursor` of the previous page; parsed into the list position it stands for. */
  @ApiPropertyOptional({ type: String, description: 'The `nextCursor` of the previous page' })
  @Parsed(alertCursor)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_ALERT_PAGE, default: DEFAULT_ALERT_PAGE })
  @Parsed(integer('limit', 1, MAX_ALERT_PAGE))
  limit?: number;
}
