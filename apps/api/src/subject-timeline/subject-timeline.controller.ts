import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { parseAsOf } from '../as-of/parse-as-of';
import { buildTimeline, SubjectTimeline } from './build-timeline';
import { subjectAlerts, timelineRows } from './subject-history.query';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('api/trials/:trialId/subjects/:subjectId/timeline')
export class SubjectTimelineController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'One subject in study-day order: enrolment, treatment, visits (graded labs), missed visits, AE versions, nullifications, withdrawal, alerts',
    description:
      'Each entry is { studyDay, date, time, kind, ...details }. studyDay counts from the first treatment, which is ' +
      'day 0 as in the protocol (the AE listing\'s AESTDY follows SDTM, with no day 0); null when the subject has no ' +
      'recorded treatment or the entry has no date (missed visit, nullification: placed at the date they were ' +
      'recorded). Every AE version is an entry, `current` marking the AE\'s highest version; a corrected visit ' +
      'keeps both records, `current` marking the one that counts. Alerts are placed at their raisedAt. The arm is ' +
      'absent for sponsors. 404 when the subject has no data in the trial (as of asOf).',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 time with offset' })
  async timeline(@Param('trialId') trialId: string, @Param('subjectId') subjectId: string, @Query() query: Record<string, unknown>): Promise<SubjectTimeline> {
    const asOf = parseAsOf(query);
    const [rows, alerts] = await Promise.all([
      timelineRows(this.dataSource, trialId, subjectId, asOf),
      subjectAlerts(this.dataSource, trialId, subjectId, asOf),
    ]);
    if (rows.length === 0 && alerts.length === 0) {
      throw new NotFoundException(`trial ${trialId} has no subject ${subjectId}${asOf ? ` as of ${asOf}` : ''}`);
    }
    return buildTimeline(trialId, subjectId, rows, alerts);
  }
}
