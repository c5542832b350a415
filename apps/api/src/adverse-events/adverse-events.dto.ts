import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { AsOfQuery } from '../http/common.dto';
import { oneOf, text } from '../http/parameters';
import { Parsed } from '../http/parsed.decorator';
import { AE_LISTING_COLUMNS, AeListingRow } from './ae-listing-row';

export const LISTING_FORMATS = ['json', 'csv'] as const;

export class ListAdverseEventsParams extends AsOfQuery {
  @ApiPropertyOptional({ enum: LISTING_FORMATS, default: 'json' })
  @Parsed(oneOf('format', LISTING_FORMATS))
  format?: (typeof LISTING_FORMATS)[number];

  @ApiPropertyOptional({ description: 'Only this subject' })
  @Parsed(text('subjectId'))
  subjectId?: string;
}

/** One listing row: SDTM AE columns (character columns are '' when missing), AESTDY and AEVERSION numeric. */
export class AeListingRowDto {}
for (const column of AE_LISTING_COLUMNS) {
  const schema: ApiPropertyOptions =
    column === 'AESTDY'
      ? { type: 'integer', nullable: true, description: 'SDTM study day (no day 0); null without a recorded treatment' }
      : column === 'AEVERSION'
        ? { type: 'integer', description: 'Follow-up version (Vigil)' }
        : { type: 'string' };
  ApiProperty(schema)(AeListingRowDto.prototype, column);
}

export class AeListingDto {
  @ApiProperty({ type: [AeListingRowDto] })
  items: AeListingRow[];
}
