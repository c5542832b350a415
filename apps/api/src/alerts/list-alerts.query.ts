import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AlertKind, AlertStatus, Severity } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { AlertPageDto } from './alert.dto';
import { encodeCursor } from './alert-cursor';
import { DEFAULT_ALERT_PAGE } from './alert-requests.dto';
import { selectAlerts } from './alerts.sql';

/** A page of a trial's alerts, newest first, as they stand (or stood at `asOf`). */
export class ListAlertsQuery extends Query<AlertPageDto> {
  constructor(
    readonly trialId: string,
    readonly filters: { status?: AlertStatus; kind?: AlertKind; severity?: Severity; subjectId?: string },
    /** The list position after which the page starts (a decoded cursor). */
    readonly before?: string,
    readonly limit = DEFAULT_ALERT_PAGE,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(ListAlertsQuery)
export class ListAlertsHandler implements IQueryHandler<ListAlertsQuery> {
  constructor(private readonly db: DataSource) {}

  /** One row more than the page, so the presence of a next page is known without a count. */
  async execute(q: ListAlertsQuery): Promise<AlertPageDto> {
    const rows = await selectAlerts(this.db, q.trialId, q.asOf, { ...q.filters, before: q.before, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const nextCursor = rows.length > q.limit ? encodeCursor(page[page.length - 1].listPosition) : null;
    return { items: page.map((row) => row.alert), nextCursor };
  }
}
