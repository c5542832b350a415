import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_STATUSES, AlertStatus } from '@vigil/contracts';

export class StoppingRuleProgressDto {
  @ApiProperty({ example: 'RELATED-GRADE3-TWO-SUBJECTS' }) ruleId: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'integer', description: 'Distinct subjects at which the rule fires' }) threshold: number;
  @ApiProperty({ type: 'integer', description: 'Distinct subjects with a current AE that matches the rule' }) count: number;
  @ApiProperty({ description: 'count ≥ threshold' }) met: boolean;
  @ApiPropertyOptional({ description: "The rule's stopping-rule alert, once raised" }) alertId?: string;
  @ApiPropertyOptional({ enum: ALERT_STATUSES, description: "That alert's status" }) status?: AlertStatus;
}

export class StoppingRulesProgressDto {
  @ApiProperty({ type: [StoppingRuleProgressDto], description: "One per stopping rule of the trial's protocol, in its order" })
  items: StoppingRuleProgressDto[];
}
