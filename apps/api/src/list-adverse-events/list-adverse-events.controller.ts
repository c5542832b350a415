import { BadRequestException, Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { Principal } from '@vigil/auth';
import { parseAsOf } from '../as-of/parse-as-of';
import { CurrentPrincipal } from '../auth/auth.guard';
import { presentFor } from '../blinding/present-for';
import { AE_LISTING_COLUMNS, AeListingRow, compareAeRows, toAeListingRow } from './ae-listing-row';
import { currentAdverseEvents } from './current-adverse-events.query';
import { toCsv } from './csv';

const FORMATS = ['json', 'csv'] as const;

@ApiTags('adverse events')
@ApiBearerAuth()
@Controller('api/trials/:trialId/adverse-events')
export class ListAdverseEventsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'AE listing, one row per AE in SDTM AE-style columns (JSON or CSV)',
    description:
      'Each AE in its current version (as of `asOf`: the highest version recorded by then). Nullified AEs ' +
      '(entered in error) are excluded, not listed with a status. Sorted by USUBJID, AESTDTC, AESPID. AESTDY is the ' +
      'SDTM study day from the first treatment: the treatment day is day 1 and there is no day 0 (the protocol and ' +
      'the subject timeline call the treatment day "study day 0"); null when the subject has no recorded treatment. ' +
      'AEVERSION (follow-up version) and AEEXPECT (expectedness) are Vigil additions. `format=csv` returns RFC 4180 ' +
      'CSV (header row, CRLF) as a download.',
  })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 time with offset' })
  @ApiQuery({ name: 'subjectId', required: false })
  @ApiProduces('application/json', 'text/csv')
  async list(
    @Param('trialId') trialId: string,
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ items: AeListingRow[] } | string> {
    const format = oneOf(query, 'format', FORMATS) ?? 'json';
    const asOf = parseAsOf(query);
    const subjectId = oneOf(query, 'subjectId');
    const aes = await currentAdverseEvents(this.dataSource, trialId, { asOf, subjectId });
    const items = aes.map((a) => toAeListingRow(trialId, a.subjectId, a.ae, a.treatedOn)).sort(compareAeRows);
    if (format === 'json') return { items };
    // The interceptor passes strings through untouched, so the CSV takes the one blinding path itself; the
    // header lists only the columns that survive it.
    const rows = presentFor(principal, items);
    const columns = Object.keys(presentFor(principal, Object.fromEntries(AE_LISTING_COLUMNS.map((c) => [c, c]))));
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${trialId.replace(/[^A-Za-z0-9._-]/g, '_')}-adverse-events.csv"`);
    return toCsv(columns, rows);
  }
}

/** A single-valued query parameter, optionally limited to `allowed`; 400 naming the parameter otherwise. */
function oneOf<T extends string>(query: Record<string, unknown>, name: string, allowed?: readonly T[]): T | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new BadRequestException(`query parameter "${name}" must be given once`);
  if (allowed && !allowed.includes(value as T)) throw new BadRequestException(`"${name}" must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}
