import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_VERSIONS, ReportVersion } from '@vigil/dsmb-report';
import { asOfTime, oneOf, PG_BIGINT_MAX, text } from '../http/parameters';
import { Parsed, Parser, Refused } from '../http/parsed.decorator';

export const REPORT_FORMATS = ['html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The cut-off: an ISO time with offset, like every `asOf`. */
const cutoffTime: Parser<string> = (raw) => {
  if (raw === undefined) return new Refused('"cutoff" is required (an ISO 8601 time with offset, e.g. 2021-03-01T00:00:00Z)');
  const value = asOfTime(raw);
  return value instanceof Refused ? new Refused(value.reason.replace('"asOf"', '"cutoff"')) : value;
};

/** A store position this API printed on a report: a non-negative `bigint`, canonical. */
function storePosition(name: string): Parser<string> {
  return (raw) => {
    const value = text(name)(raw);
    if (value instanceof Refused) return value;
    if (!/^\d{1,19}$/.test(value) || BigInt(value) > PG_BIGINT_MAX)
      return new Refused(`"${name}" must be a store position printed on a report (an integer ≥ 0; got "${value}")`);
    return BigInt(value).toString();
  };
}

export class DsmbReportParams {
  @ApiProperty({
    description: 'Data cut-off, ISO 8601 with offset: the events whose time is at or before it',
    example: '2021-03-01T00:00:00Z',
  })
  @Parsed(cutoffTime, { required: true })
  cutoff: string;

  @ApiProperty({ enum: REPORT_VERSIONS, description: '`closed`: unblinded, dsmb only; `open`: blinded, every role' })
  @Parsed(oneOf('version', REPORT_VERSIONS), { required: true })
  version: ReportVersion;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'html' })
  @Parsed(oneOf('format', REPORT_FORMATS))
  format?: ReportFormat;

  @ApiPropertyOptional({
    description: 'The store position to build from (printed on every report; reproduces that issue). Default: the latest at the cut-off',
    example: '1200',
  })
  @Parsed(storePosition('position'))
  position?: string;

  @ApiPropertyOptional({
    description:
      'An earlier issue\'s position: "What changed" lists the events dated at or before the cut-off recorded after it. ' +
      'Default: the events dated at or before the cut-off but recorded after it (late data)',
    example: '1100',
  })
  @Parsed(storePosition('previousPosition'))
  previousPosition?: string;
}
