import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Causality } from '@vigil/contracts';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { DataSource } from 'typeorm';
import { currentAdverseEvents } from '../adverse-events/current-adverse-events.sql';
import { loadEnrolment } from './enrolment.sql';
import { loadRelatedThresholds } from './related-thresholds';
import { AeSummaryBody, summariseAdverseEvents } from './summarise-adverse-events';

export type AeSummary = { trialId: string; asOf?: string } & AeSummaryBody;

/** AE counts of a trial by SOC → PT × worst grade × relatedness; `byArm` only for callers who may see arms. */
export class SummariseAdverseEventsQuery extends Query<AeSummary> {
  constructor(
    readonly trialId: string,
    readonly byArm: boolean,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(SummariseAdverseEventsQuery)
export class SummariseAdverseEventsHandler implements IQueryHandler<SummariseAdverseEventsQuery> {
  private readonly relatedThreshold: (trialId: string) => Causality;

  constructor(
    private readonly db: DataSource,
    @Inject(VIGIL_CONFIG) config: VigilConfig,
  ) {
    this.relatedThreshold = loadRelatedThresholds(config.protocolsDir);
  }

  async execute({ trialId, byArm, asOf }: SummariseAdverseEventsQuery): Promise<AeSummary> {
    // Without byArm the arm is not even read.
    const [aes, enrolled] = await Promise.all([
      currentAdverseEvents(this.db, trialId, { asOf, withArm: byArm }),
      loadEnrolment(this.db, trialId, asOf, byArm),
    ]);
    const summary = summariseAdverseEvents(aes, { relatedThreshold: this.relatedThreshold(trialId), enrolled, byArm });
    return { trialId, ...(asOf ? { asOf } : {}), ...summary };
  }
}
