import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Alert } from '@vigil/contracts';
import { ALERT_ROW_COLUMNS, AlertRow, fromAlertRow } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { parseAsOf } from '../as-of/parse-as-of';
import { getAlertAsOf } from './alerts-as-of';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/trials/:trialId/alerts/:alertId')
export class GetAlertController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'One alert with its full history' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 time with offset: the alert and its history as they stood then' })
  async get(@Param('trialId') trialId: string, @Param('alertId') alertId: string, @Query() query: Record<string, unknown>): Promise<Alert> {
    const asOf = parseAsOf(query);
    if (asOf !== undefined) {
      const then = await getAlertAsOf(this.dataSource, trialId, alertId, asOf);
      if (!then) throw new NotFoundException(`trial ${trialId} had no alert ${alertId} as of ${asOf}`);
      return then;
    }
    const [row]: AlertRow[] = await this.dataSource.query(`select ${ALERT_ROW_COLUMNS} from alerts where trial_id = $1 and alert_id = $2`, [trialId, alertId]);
    if (!row) throw new NotFoundException(`trial ${trialId} has no alert ${alertId}`);
    return fromAlertRow(row);
  }
}
