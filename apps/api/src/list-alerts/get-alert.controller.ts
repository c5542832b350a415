import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Alert } from '@vigil/contracts';
import { ALERT_ROW_COLUMNS, AlertRow, fromAlertRow } from '@vigil/read-models';
import { DataSource } from 'typeorm';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/trials/:trialId/alerts/:alertId')
export class GetAlertController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'One alert with its full history' })
  async get(@Param('trialId') trialId: string, @Param('alertId') alertId: string): Promise<Alert> {
    const [row]: AlertRow[] = await this.dataSource.query(`select ${ALERT_ROW_COLUMNS} from alerts where trial_id = $1 and alert_id = $2`, [trialId, alertId]);
    if (!row) throw new NotFoundException(`trial ${trialId} has no alert ${alertId}`);
    return fromAlertRow(row);
  }
}
