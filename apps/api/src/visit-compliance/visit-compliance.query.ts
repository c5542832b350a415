import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { TrialProtocols } from '../protocols/trial-protocols';
import { latestClockTick, visitTopicEvents } from './subject-events.sql';
import { subjectsFrom, VisitCompliance, visitCompliance } from './visit-compliance';

/** Per scheduled visit of the trial's protocol: treated subjects in window, out of window, missed, overdue, not yet due. */
export class VisitComplianceQuery extends Query<VisitCompliance> {
  constructor(
    readonly trialId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(VisitComplianceQuery)
export class VisitComplianceHandler implements IQueryHandler<VisitComplianceQuery> {
  constructor(
    private readonly db: DataSource,
    private readonly protocols: TrialProtocols,
  ) {}

  async execute({ trialId, asOf }: VisitComplianceQuery): Promise<VisitCompliance> {
    const protocol = this.protocols.protocolOf(trialId);
    if (!protocol) return { items: [] };
    // "Now" for overdue: the as-of moment, else the latest clock event, as the rules see it (never the wall clock:
    // the answer then depends on the store alone, and the read cache may keep it).
    const [events, tick] = await Promise.all([
      visitTopicEvents(this.db, trialId, asOf),
      asOf ? Promise.resolve(new Date(asOf).toISOString()) : latestClockTick(this.db),
    ]);
    return visitCompliance(subjectsFrom(trialId, events), protocol, tick);
  }
}
