import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { selectAlerts } from '../alerts/alerts.sql';
import { Clocks, clocksDue } from './clocks';

/** The trial's open and acknowledged alerts due within 24 h of now (asOf, else the server's time), overdue included. */
export class ClocksQuery extends Query<Clocks> {
  constructor(
    readonly trialId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(ClocksQuery)
export class ClocksHandler implements IQueryHandler<ClocksQuery> {
  constructor(private readonly db: DataSource) {}

  async execute({ trialId, asOf }: ClocksQuery): Promise<Clocks> {
    // Without asOf the answer depends on the wall clock: this route is deliberately not a @CachedRead.
    const now = new Date(asOf ?? Date.now()).toISOString();
    const [open, acknowledged] = await Promise.all(
      (['open', 'acknowledged'] as const).map((status) => selectAlerts(this.db, trialId, asOf, { status })),
    );
    return clocksDue(
      [...open, ...acknowledged].map((row) => row.alert),
      now,
    );
  }
}
