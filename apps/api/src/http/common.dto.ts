import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { asOfTime, text } from './parameters';
import { Parsed } from './parsed.decorator';

export class TrialPath {
  @ApiProperty({ example: 'NCT04410731' })
  @Parsed(text('trialId'), { required: true })
  trialId: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({
    description: 'ISO 8601 time with offset (e.g. 2021-03-01T00:00:00Z): the state built from the events whose time is at or before it',
    example: '2021-03-01T00:00:00Z',
  })
  @Parsed(asOfTime)
  asOf?: string;
}
