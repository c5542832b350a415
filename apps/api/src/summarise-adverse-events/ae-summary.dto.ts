import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CAUSALITY_SCALE, Causality } from '@vigil/contracts';
import { GRADES } from '@vigil/safety-domain';

export class GradeCountsDto {}
for (const grade of GRADES)
  ApiProperty({ type: 'integer', description: `Subjects whose worst grade is ${grade}` })(GradeCountsDto.prototype, grade);

export class RelatednessDto {
  @ApiProperty({ type: 'integer' }) related: number;
  @ApiProperty({ type: 'integer' }) notRelated: number;
}

class AeCountsDto {
  @ApiProperty({ type: 'integer', description: 'Number of AEs' }) events: number;
  @ApiProperty({ type: 'integer', description: 'Distinct subjects with at least one of these AEs' }) subjects: number;
  @ApiProperty({ type: GradeCountsDto }) byWorstGrade: GradeCountsDto;
  @ApiProperty({
    type: RelatednessDto,
    description: "AEs: related when the investigator's or the sponsor's causality reaches the threshold",
  })
  byRelatedness: RelatednessDto;
  @ApiProperty({ type: 'integer' }) serious: number;
}

export class PtSummaryDto extends AeCountsDto {
  @ApiProperty({ description: 'MedDRA preferred term, or the verbatim term when uncoded' }) pt: string;
  @ApiPropertyOptional() ptCode?: string;
}

export class SocSummaryDto extends AeCountsDto {
  @ApiProperty({ description: 'MedDRA system organ class, or "Uncoded"' }) soc: string;
  @ApiPropertyOptional() socCode?: string;
  @ApiProperty({ type: [PtSummaryDto] }) terms: PtSummaryDto[];
}

export class AeTotalsDto {
  @ApiProperty({ type: 'integer' }) aes: number;
  @ApiProperty({ type: 'integer' }) subjectsWithAe: number;
  @ApiProperty({ type: 'integer' }) serious: number;
  @ApiProperty({ type: GradeCountsDto }) byWorstGrade: GradeCountsDto;
  @ApiProperty({ type: RelatednessDto }) byRelatedness: RelatednessDto;
}

export class AeBreakdownDto {
  @ApiProperty({ type: 'integer', description: 'Subjects with lifecycle data (the denominator)' }) enrolledSubjects: number;
  @ApiProperty({ type: AeTotalsDto }) totals: AeTotalsDto;
  @ApiProperty({ type: [SocSummaryDto] }) socs: SocSummaryDto[];
}

@ApiExtraModels(AeBreakdownDto)
export class AeSummaryDto extends AeBreakdownDto {
  @ApiProperty() trialId: string;
  @ApiPropertyOptional({ description: 'The asOf the counts are for, when given' }) asOf?: string;
  @ApiProperty({ enum: CAUSALITY_SCALE, description: "The protocol's related threshold" }) relatedThreshold: Causality;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(AeBreakdownDto) },
    description: 'The same breakdown per arm ("Unassigned" without one): dsmb only',
  })
  byArm?: Record<string, AeBreakdownDto>;
}
