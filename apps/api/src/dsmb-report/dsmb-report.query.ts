import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { buildDsmbReport, ReportVersion } from '@vigil/dsmb-report';
import { loadProtocols, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { Protocol } from '@vigil/safety-domain';
import { DataSource } from 'typeorm';

export interface DsmbReportAnswer {
  html: string;
  position: string;
  cutoff: string;
}

/** The DSMB meeting report of a trial at a cut-off (and store position), as HTML; reads the event store. */
export class DsmbReportQuery extends Query<DsmbReportAnswer> {
  constructor(
    readonly trialId: string,
    readonly cutoff: string,
    readonly version: ReportVersion,
    readonly position?: string,
    readonly previousPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(DsmbReportQuery)
export class DsmbReportHandler implements IQueryHandler<DsmbReportQuery> {
  private readonly protocols: Map<string, Protocol>;

  constructor(
    private readonly db: DataSource,
    @Inject(VIGIL_CONFIG) config: VigilConfig,
  ) {
    this.protocols = loadProtocols(config.protocolsDir);
  }

  async execute({ trialId, cutoff, version, position, previousPosition }: DsmbReportQuery): Promise<DsmbReportAnswer> {
    const { html, model } = await buildDsmbReport(this.db, {
      trialId,
      cutoff,
      version,
      ...(position !== undefined ? { position } : {}),
      ...(previousPosition !== undefined ? { previousPosition } : {}),
      protocol: this.protocols.get(trialId),
    });
    return { html, position: model.request.position, cutoff: model.request.cutoff };
  }
}
