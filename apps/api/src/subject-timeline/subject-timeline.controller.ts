import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, TrialApi } from '../http/api-problems.decorator';
import { AsOfQuery } from '../http/common.dto';
import { SubjectTimeline } from './build-timeline';
import { SubjectPath, SubjectTimelineDto } from './subject-timeline.dto';
import { SubjectTimelineQuery } from './subject-timeline.query';
import { SponsorView } from '../blinding/sponsor-view';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { sponsorTimelineView } from './sponsor-timeline';

@ApiTags('subjects')
@TrialApi()
@Controller('api/trials/:trialId/subjects/:subjectId/timeline')
export class SubjectTimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary:
      'One subject in study-day order: enrolment, treatment, visits (graded labs), missed visits, AE versions, nullifications, withdrawal, alerts',
    description:
      'Each entry is { studyDay, date, time, kind, ...details }. studyDay counts from the first treatment, which is ' +
      "day 0 as in the protocol (the AE listing's AESTDY follows SDTM, with no day 0); null when the subject has no " +
      'recorded treatment or the entry has no date (missed visit, nullification: placed at the date they were ' +
      "recorded). Every AE version is an entry, `current` marking the AE's highest version; a corrected visit " +
      'keeps both records, `current` marking the one that counts. Alerts are placed at their raisedAt. The arm is ' +
      'absent for sponsors, and so are treatment product, dose and route when the protocol blinds them. 404 when the subject has no data in the trial (as of asOf).',
  })
  @ApiOkResponse({ type: SubjectTimelineDto })
  @SponsorView(sponsorTimelineView)
  @CachedRead()
  @ApiProblems(404)
  timeline(@Param() { trialId, subjectId }: SubjectPath, @Query() { asOf }: AsOfQuery): Promise<SubjectTimeline> {
    return this.queries.execute(new SubjectTimelineQuery(trialId, subjectId, asOf));
  }
}
