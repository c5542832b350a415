import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.guard';
import { Principal } from '@vigil/auth';
import { SponsorView } from '../blinding/sponsor-view';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { TrialBlinding } from '../blinding/trial-blinding';
import { TrialApi } from '../http/api-problems.decorator';
import { TrialPath } from '../http/common.dto';
import { AE_LISTING_COLUMNS } from './ae-listing-row';
import { sponsorAeColumns, sponsorAeListingView, sponsorAeRows } from './sponsor-ae-listing';
import { AeListingDto, ListAdverseEventsParams } from './adverse-events.dto';
import { toCsv } from './csv';
import { ListAdverseEventsQuery } from './list-adverse-events.query';

@ApiTags('adverse events')
@TrialApi()
@Controller('api/trials/:trialId/adverse-events')
export class ListAdverseEventsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly blinding: TrialBlinding,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'AE listing, one row per AE in SDTM AE-style columns (JSON or CSV)',
    description:
      'Each AE in its current version (as of `asOf`: the highest version recorded by then). Nullified AEs ' +
      '(entered in error) are excluded, not listed with a status. Sorted by USUBJID, AESTDTC, AESPID. AESTDY is the ' +
      'SDTM study day from the first treatment: the treatment day is day 1 and there is no day 0 (the protocol and ' +
      'the subject timeline call the treatment day "study day 0"); null when the subject has no recorded treatment. ' +
      'AEVERSION (follow-up version) and AEEXPECT (expectedness) are Vigil additions. `format=csv` returns RFC 4180 ' +
      "CSV (header row, CRLF) as a download; a text cell starting with =, +, -, @, tab or CR is written as ' + text, quoted " +
      '(OWASP CSV injection), so a spreadsheet shows it instead of running it; numbers stay numbers.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AeListingDto, description: 'JSON `{ items }`, or with `format=csv` the same rows as CSV' })
  @SponsorView(sponsorAeListingView)
  @CachedRead()
  async list(
    @Param() { trialId }: TrialPath,
    @Query() { format = 'json', subjectId, asOf }: ListAdverseEventsParams,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AeListingDto | string> {
    const items = await this.queries.execute(new ListAdverseEventsQuery(trialId, subjectId, asOf));
    if (format === 'json') return { items };
    // The interceptor passes strings through untouched, so the CSV is rendered from the sponsor view here.
    const blinded = principal.role === 'sponsor' ? this.blinding.blindedFieldsOf(trialId) : undefined;
    const rows = blinded ? sponsorAeRows(items, blinded) : items;
    const columns = blinded ? sponsorAeColumns(blinded) : [...AE_LISTING_COLUMNS];
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${trialId.replace(/[^A-Za-z0-9._-]/g, '_')}-adverse-events.csv"`);
    return toCsv(columns, rows);
  }
}
