import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TrialPath } from '../http/common.dto';
import { text } from '../http/parameters';
import { Parsed } from '../http/parsed.decorator';
import { TimelineEntry } from './build-timeline';

export class SubjectPath extends TrialPath {
  @ApiProperty({ example: 'CK-001' })
  @Parsed(text('subjectId'), { required: true })
  subjectId: string;
}

const KINDS: TimelineEntry['kind'][] = [
  'enrolment',
  'treatment',
  'visit',
  'missed-visit',
  'adverse-event',
  'nullification',
  'withdrawal',
  'alert',
];

export class TimelineEntryDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Days from the first treatment (day 0); null when unknown' }) studyDay:
    number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'The date the entry is about; null for a missed visit or a nullification',
  })
  date: string | null;
  @ApiProperty({ format: 'date-time', description: "When it was recorded: the CloudEvent time, or the alert's raisedAt" }) time: string;
  @ApiProperty({ enum: KINDS, description: 'Further fields depend on the kind (eventId, visitCode, aeId, grade, alertId, …)' })
  kind: TimelineEntry['kind'];
}

export class SubjectTimelineDto {
  @ApiProperty() trialId: string;
  @ApiProperty() subjectId: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) enrolledOn: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) treatedOn: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) withdrawnOn: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Absent for sponsors (blinded)' }) arm: string | null;
  @ApiProperty({ type: [TimelineEntryDto] }) entries: TimelineEntryDto[];
}
