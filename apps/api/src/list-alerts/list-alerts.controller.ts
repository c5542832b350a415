import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Alert } from '@vigil/contracts';
import { ALERT_ROW_COLUMNS, AlertRow, fromAlertRow } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { parseAsOf } from '../as-of/parse-as-of';
import { AlertFilters, encodeCursor, parseAlertFilters } from './alert-filters';
import { listAlertsAsOf } from './alerts-as-of';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/trials/:trialId/alerts')
export class ListAlertsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Alerts of a trial, newest first, with filters and a stable cursor' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'acknowledged', 'closed', 'withdrawn'] })
  @ApiQuery({ name: 'kind', required: false })
  @ApiQuery({ name: 'severity', required: false, enum: ['low', 'medium', 'high', 'critical'] })
  @ApiQuery({ name: 'subjectId', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 time with offset: each alert as it stood then (filters apply to that state)' })
  async list(
    @Param('trialId') trialId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<{ items: Alert[]; nextCursor: string | null }> {
    const f = parseAlertFilters(query);
    const asOf = parseAsOf(query);
    const rows = asOf === undefined ? await this.current(trialId, f) : await listAlertsAsOf(this.dataSource, trialId, asOf, f);
    const page = rows.slice(0, f.limit);
    const nextCursor = rows.length > f.limit ? encodeCursor(page[page.length - 1].listPosition) : null;
    return { items: page.map((row) => row.alert), nextCursor };
  }

  /** One row more than the page, so the presence of a next page is known without a count. */
  private async current(trialId: string, f: AlertFilters): Promise<{ alert: Alert; listPosition: string }[]> {
    const rows: AlertRow[] = await this.dataSource.query(
      `select ${ALERT_ROW_COLUMNS} from alerts
       where trial_id = $1 and ($2::text is null or status = $2) and ($3::text is null or kind = $3)
         and ($4::text is null or severity = $4) and ($5::text is null or subject_id = $5)
         and ($6::bigint is null or list_position < $6::bigint)
       order by list_position desc limit $7`,
      [trialId, f.status ?? null, f.kind ?? null, f.severity ?? null, f.subjectId ?? null, f.before ?? null, f.limit + 1],
    );
    return rows.map((row) => ({ alert: fromAlertRow(row), listPosition: row.listPosition }));
  }
}
