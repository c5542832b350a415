import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Alert,
  ALERT_CHANGE_TYPES,
  ALERT_KINDS,
  ALERT_STATUSES,
  AlertHistoryChange,
  AlertHistoryEntry,
  AlertKind,
  AlertStatus,
  SEVERITIES,
  Severity,
} from '@vigil/contracts';

export class AlertHistoryEntryDto implements AlertHistoryEntry {
  @ApiProperty({ enum: [...ALERT_CHANGE_TYPES, 'alert.updated'] })
  change: AlertHistoryChange;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ description: 'The alert version this change produced' })
  version: number;

  @ApiProperty({ enum: ALERT_STATUSES })
  status: AlertStatus;

  @ApiProperty({ enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ type: [String] })
  reasons: string[];

  @ApiPropertyOptional({ description: 'Who acted (human actions)' })
  by?: string;

  @ApiPropertyOptional({ description: 'The role of `by` (dsmb, safety-officer)' })
  role?: string;

  @ApiPropertyOptional({
    description:
      'Absent for sponsors unless a safety officer wrote it (or it is the rules’ own note): DSMB comments are never shown to sponsors',
  })
  comment?: string;

  @ApiPropertyOptional({ description: 'The input event that caused a rule-driven change' })
  causedBy?: string;

  @ApiPropertyOptional({
    description: '`alert.updated` only: how many consecutive updates this entry stands for (`at` and `version` are the latest)',
  })
  updates?: number;

  @ApiPropertyOptional({
    description: 'The first of those updates',
    type: 'object',
    properties: { at: { type: 'string', format: 'date-time' }, version: { type: 'integer' } },
  })
  from?: { at: string; version: number };
}

/** An alert as the API shows it (SPEC §5 "Alert JSON"); for sponsors without the arm or anything derived from it. */
export class AlertDto implements Alert {
  @ApiProperty() alertId: string;
  @ApiProperty() trialId: string;
  @ApiProperty({ enum: ALERT_KINDS }) kind: AlertKind;
  @ApiPropertyOptional() subjectId?: string;
  @ApiPropertyOptional() aeId?: string;
  @ApiPropertyOptional() visitCode?: string;
  @ApiProperty({ type: [String], example: ['SERIOUS', 'SUSAR'] }) reasons: string[];
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ enum: ALERT_STATUSES }) status: AlertStatus;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) raisedAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The regulatory reporting deadline (SPEC §4 clocks)' }) dueBy?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the rule saw (kind-specific)' }) evidence: Record<
    string,
    unknown
  >;
  @ApiProperty() version: number;
  @ApiProperty({ type: [AlertHistoryEntryDto] }) history: AlertHistoryEntryDto[];
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] })
  items: AlertDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
