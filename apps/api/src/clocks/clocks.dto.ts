import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_KINDS, AlertKind, AlertStatus, SEVERITIES, Severity } from '@vigil/contracts';

export class ClockDto {
  @ApiProperty() alertId: string;
  @ApiPropertyOptional() subjectId?: string;
  @ApiProperty({ enum: ALERT_KINDS }) kind: AlertKind;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ enum: ['open', 'acknowledged'] satisfies AlertStatus[] }) status: AlertStatus;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time', description: 'The regulatory reporting deadline (SPEC §4 clocks)' }) dueBy: string;
  @ApiProperty({ description: 'dueBy is before now' }) overdue: boolean;
}

export class ClocksDto {
  @ApiProperty({ format: 'date-time', description: "The moment the answer is for: asOf, else the server's time" }) now: string;
  @ApiProperty({ type: [ClockDto], description: 'Open or acknowledged alerts due before now + 24 h (overdue included), soonest first' })
  items: ClockDto[];
}
