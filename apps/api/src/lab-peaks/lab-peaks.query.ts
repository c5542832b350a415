import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { selectAlerts } from '../alerts/alerts.sql';
import { TrialProtocols } from '../protocols/trial-protocols';
import { armsOf, completedVisitsWithLabs } from './completed-visits.sql';
import { hysLawThresholds, LabPeaks, labPeaks } from './lab-peaks';

/** Per subject, peak ALT, AST, bilirubin and ALP × ULN with the Hy's law flag (eDISH), for the whole trial. */
export class LabPeaksQuery extends Query<LabPeaks> {
  constructor(
    readonly trialId: string,
    /** Only for callers who may see arms: the arm is not even read otherwise. */
    readonly withArm: boolean,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(LabPeaksQuery)
export class LabPeaksHandler implements IQueryHandler<LabPeaksQuery> {
  constructor(
    private readonly db: DataSource,
    private readonly protocols: TrialProtocols,
  ) {}

  async execute({ trialId, withArm, asOf }: LabPeaksQuery): Promise<LabPeaks> {
    const [visits, hysLaw, arms] = await Promise.all([
      completedVisitsWithLabs(this.db, trialId, asOf),
      selectAlerts(this.db, trialId, asOf, { kind: 'hys-law' }),
      withArm ? armsOf(this.db, trialId) : Promise.resolve(undefined),
    ]);
    // Newest first: a subject with several Hy's law visits links to its latest alert.
    const alertOf = new Map<string, string>();
    for (const { alert } of hysLaw) {
      if (alert.status !== 'withdrawn' && alert.subjectId && !alertOf.has(alert.subjectId)) alertOf.set(alert.subjectId, alert.alertId);
    }
    return labPeaks(visits, alertOf, arms, hysLawThresholds(this.protocols.protocolOf(trialId)));
  }
}
