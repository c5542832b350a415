import { Controller, ForbiddenException, Get, Param, Query, Res, ServiceUnavailableException, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Principal } from '@vigil/auth';
import { BrowserUnavailableError, renderPdf, reportFileName } from '@vigil/dsmb-report';
import { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.guard';
import { SponsorView } from '../blinding/sponsor-view';
import { ApiProblems, TrialApi } from '../http/api-problems.decorator';
import { TrialPath } from '../http/common.dto';
import { DsmbReportParams } from './dsmb-report.dto';
import { DsmbReportQuery } from './dsmb-report.query';
import { sponsorReportView } from './sponsor-report';

@ApiTags('dsmb report')
@TrialApi()
@Controller('api/trials/:trialId/dsmb-report')
export class DsmbReportController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'The DSMB meeting report at a data cut-off, HTML or PDF; closed (unblinded, dsmb only) or open (blinded)',
    description:
      'Enrolment and exposure, AE tables (SOC/PT × worst grade × relatedness; by arm in the closed version), SAE and death ' +
      "listings, CTCAE grade ≥ 3 labs and Hy's law subjects, visit deviations, stopping rules, alerts and how they were " +
      'handled (DSMB comments in the closed version only), and what changed. Built from the events whose time is at or ' +
      'before `cutoff` and whose store position is at or before `position` (default: the latest at the cut-off); both are ' +
      'printed on the report, and the same pair gives the same HTML. `format=pdf` prints it with headless Chromium ' +
      '(503 when no browser is installed).',
  })
  @ApiProduces('text/html', 'application/pdf')
  @ApiOkResponse({ description: 'The report: text/html, or application/pdf as a download', schema: { type: 'string' } })
  @ApiProblems(503)
  @SponsorView(sponsorReportView)
  async report(
    @Param() { trialId }: TrialPath,
    @Query() { cutoff, version, format = 'html', position, previousPosition }: DsmbReportParams,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string | StreamableFile> {
    // The closed report is unblinded: for the DSMB only (SPEC §5).
    if (version === 'closed' && principal.role !== 'dsmb')
      throw new ForbiddenException('the closed DSMB report is for the dsmb role only; ask for version=open');
    const answer = await this.queries.execute(new DsmbReportQuery(trialId, cutoff, version, position, previousPosition));
    response.setHeader('X-Vigil-Store-Position', answer.position);
    if (format === 'html') {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      return answer.html;
    }
    let pdf: Buffer;
    try {
      pdf = await renderPdf(answer.html);
    } catch (error) {
      if (error instanceof BrowserUnavailableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="${reportFileName(trialId, answer.cutoff, version, 'pdf')}"`,
      length: pdf.length,
    });
  }
}
