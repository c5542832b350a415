import { ApiProperty } from '@nestjs/swagger';

export class VisitComplianceRowDto {
  @ApiProperty({ example: 'M3' }) visitCode: string;
  @ApiProperty({ type: 'integer', description: 'Nominal study day (the first treatment is day 0)' }) nominalDay: number;
  @ApiProperty({ type: 'integer', description: "The window's first study day" }) earliestDay: number;
  @ApiProperty({ type: 'integer', description: "The window's last study day" }) latestDay: number;
  @ApiProperty({
    type: 'integer',
    description:
      'Treated subjects of whom the visit is expected (not those withdrawn by the end of its window without a record); the five counts add up to it',
  })
  expected: number;
  @ApiProperty({ type: 'integer', description: 'Completed with the visit date inside the window' }) inWindow: number;
  @ApiProperty({ type: 'integer', description: 'Completed outside the window' }) outOfWindow: number;
  @ApiProperty({ type: 'integer', description: 'Recorded as missed (visit.missed)' }) missed: number;
  @ApiProperty({ type: 'integer', description: 'No record and the window closed before now (asOf, else the latest clock event)' })
  overdue: number;
  @ApiProperty({ type: 'integer', description: 'No record and the window still open or ahead' }) notYetDue: number;
}

export class VisitComplianceDto {
  @ApiProperty({ type: [VisitComplianceRowDto], description: "One per scheduled visit, in the protocol's order" })
  items: VisitComplianceRowDto[];
}
