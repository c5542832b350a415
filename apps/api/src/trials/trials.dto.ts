import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SEVERITIES } from '@vigil/contracts';
import { SeverityCounts, TrialOverview } from './trial-overviews';

export class SeverityCountsDto {}
for (const severity of SEVERITIES) ApiProperty({ type: 'integer' })(SeverityCountsDto.prototype, severity);

export class TrialOverviewDto implements TrialOverview {
  @ApiProperty() trialId: string;
  @ApiProperty({ type: 'integer', description: 'Subjects with lifecycle data (enrolment, treatment or withdrawal)' }) subjects: number;
  @ApiProperty({ type: SeverityCountsDto }) openAlerts: SeverityCounts;
  @ApiProperty({ type: SeverityCountsDto, description: 'Seen but not closed' }) acknowledgedAlerts: SeverityCounts;
}

export class TrialListDto {
  @ApiProperty({ type: [TrialOverviewDto] }) items: TrialOverviewDto[];
  @ApiPropertyOptional({ description: 'The asOf the counts are for, when given' }) asOf?: string;
}
