import { NotFoundException } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Alert } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { selectAlerts } from './alerts.sql';

/** One alert with its history, as it stands (or stood at `asOf`); 404 when the trial has (had) no such alert. */
export class GetAlertQuery extends Query<Alert> {
  constructor(
    readonly trialId: string,
    readonly alertId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery> {
  constructor(private readonly db: DataSource) {}

  async execute({ trialId, alertId, asOf }: GetAlertQuery): Promise<Alert> {
    const [row] = await selectAlerts(this.db, trialId, asOf, { alertId });
    if (!row)
      throw new NotFoundException(
        asOf ? `trial ${trialId} had no alert ${alertId} as of ${asOf}` : `trial ${trialId} has no alert ${alertId}`,
      );
    return row.alert;
  }
}
