import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { trialRulesFromProtocol } from '@vigil/safety-domain';
import { DataSource } from 'typeorm';
import { currentAdverseEvents } from '../adverse-events/current-adverse-events.sql';
import { selectAlerts } from '../alerts/alerts.sql';
import { TrialProtocols } from '../protocols/trial-protocols';
import { StoppingRulesProgress, stoppingRulesProgress } from './stopping-rule-progress';

/** Each stopping rule of the trial's protocol: qualifying subjects so far, threshold, and its alert when raised. */
export class StoppingRulesQuery extends Query<StoppingRulesProgress> {
  constructor(
    readonly trialId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(StoppingRulesQuery)
export class StoppingRulesHandler implements IQueryHandler<StoppingRulesQuery> {
  constructor(
    private readonly db: DataSource,
    private readonly protocols: TrialProtocols,
  ) {}

  async execute({ trialId, asOf }: StoppingRulesQuery): Promise<StoppingRulesProgress> {
    const protocol = this.protocols.protocolOf(trialId);
    if (!protocol) return { items: [] };
    // The arm is never read: a count is all this answer gives.
    const [aes, alerts] = await Promise.all([
      currentAdverseEvents(this.db, trialId, { asOf, withTreatment: true }),
      selectAlerts(this.db, trialId, asOf, { kind: 'stopping-rule' }),
    ]);
    const statuses = new Map(alerts.map(({ alert }) => [alert.alertId, alert.status]));
    return stoppingRulesProgress(trialId, protocol, trialRulesFromProtocol(protocol).adverseEvents, aes, statuses);
  }
}
