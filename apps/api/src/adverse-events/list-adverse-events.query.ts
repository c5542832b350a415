import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AeListingRow, compareAeRows, toAeListingRow } from './ae-listing-row';
import { currentAdverseEvents } from './current-adverse-events.sql';

/** The AE listing of a trial (SPEC §5): one SDTM-style row per current AE, in listing order. */
export class ListAdverseEventsQuery extends Query<AeListingRow[]> {
  constructor(
    readonly trialId: string,
    readonly subjectId?: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(ListAdverseEventsQuery)
export class ListAdverseEventsHandler implements IQueryHandler<ListAdverseEventsQuery> {
  constructor(private readonly db: DataSource) {}

  async execute({ trialId, subjectId, asOf }: ListAdverseEventsQuery): Promise<AeListingRow[]> {
    const aes = await currentAdverseEvents(this.db, trialId, { asOf, subjectId, withTreatment: true });
    return aes.map((a) => toAeListingRow(trialId, a.subjectId, a.ae, a.treatedOn ?? null)).sort(compareAeRows);
  }
}
