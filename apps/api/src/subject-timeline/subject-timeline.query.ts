import { NotFoundException } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { selectAlerts } from '../alerts/alerts.sql';
import { buildTimeline, SubjectTimeline } from './build-timeline';
import { timelineRows } from './timeline-entries.sql';

/** One subject's story in study-day order (as of `asOf`); 404 when the trial has no data on the subject. */
export class SubjectTimelineQuery extends Query<SubjectTimeline> {
  constructor(
    readonly trialId: string,
    readonly subjectId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(SubjectTimelineQuery)
export class SubjectTimelineHandler implements IQueryHandler<SubjectTimelineQuery> {
  constructor(private readonly db: DataSource) {}

  async execute({ trialId, subjectId, asOf }: SubjectTimelineQuery): Promise<SubjectTimeline> {
    const [rows, alerts] = await Promise.all([
      timelineRows(this.db, trialId, subjectId, asOf),
      selectAlerts(this.db, trialId, asOf, { subjectId }),
    ]);
    if (rows.length === 0 && alerts.length === 0) {
      throw new NotFoundException(`trial ${trialId} has no subject ${subjectId}${asOf ? ` as of ${asOf}` : ''}`);
    }
    return buildTimeline(
      trialId,
      subjectId,
      rows,
      alerts.map((a) => a.alert),
    );
  }
}
