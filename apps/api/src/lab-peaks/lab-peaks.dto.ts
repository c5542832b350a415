import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PeakDto {
  @ApiProperty({ description: 'value / ULN' }) xUln: number;
  @ApiProperty() value: number;
  @ApiProperty() uln: number;
  @ApiPropertyOptional() unit?: string;
  @ApiProperty({ format: 'date', description: 'The visit date' }) date: string;
  @ApiProperty() visitCode: string;
}

export class SubjectLabPeaksDto {
  @ApiProperty() subjectId: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Absent for sponsors (blinded)' }) arm?: string | null;
  @ApiPropertyOptional({ type: PeakDto, description: 'Peak ALT' }) alt?: PeakDto;
  @ApiPropertyOptional({ type: PeakDto, description: 'Peak AST' }) ast?: PeakDto;
  @ApiPropertyOptional({ type: PeakDto, description: 'Peak total bilirubin' }) bili?: PeakDto;
  @ApiPropertyOptional({ type: PeakDto, description: 'Peak ALP' }) alp?: PeakDto;
  @ApiProperty({ type: Number, nullable: true, description: 'The higher of the ALT and AST peaks (× ULN)' }) transaminaseXUln:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The total bilirubin peak (× ULN)' }) biliXUln: number | null;
  @ApiProperty({ description: 'The subject has a hys-law alert that is not withdrawn (as of asOf)' }) hysLaw: boolean;
  @ApiPropertyOptional({ description: "The subject's latest such alert" }) hysLawAlertId?: string;
}

export class HysLawThresholdsDto {
  @ApiProperty({ example: 3, description: 'ALT or AST above this × ULN' }) transaminaseXUln: number;
  @ApiProperty({ example: 2, description: 'Total bilirubin above this × ULN' }) biliXUln: number;
}

export class LabPeaksDto {
  @ApiProperty({ type: [SubjectLabPeaksDto], description: 'One per subject with at least one of these labs, by subject id' })
  items: SubjectLabPeaksDto[];
  @ApiProperty({ type: HysLawThresholdsDto }) thresholds: HysLawThresholdsDto;
}
