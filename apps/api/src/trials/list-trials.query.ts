import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { loadTrialCounts } from './trial-counts.sql';
import { toTrialOverviews, TrialOverview } from './trial-overviews';

export interface TrialList {
  items: TrialOverview[];
  asOf?: string;
}

/** The trials with data among `trials` (null: every trial), with subjects and alert counts (as of `asOf`). */
export class ListTrialsQuery extends Query<TrialList> {
  constructor(
    readonly trials: string[] | null,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(ListTrialsQuery)
export class ListTrialsHandler implements IQueryHandler<ListTrialsQuery> {
  constructor(private readonly db: DataSource) {}

  async execute({ trials, asOf }: ListTrialsQuery): Promise<TrialList> {
    const items = toTrialOverviews(await loadTrialCounts(this.db, trials, asOf));
    return { items, ...(asOf ? { asOf } : {}) };
  }
}
