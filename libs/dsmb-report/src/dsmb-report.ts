import { Sql } from '@vigil/event-store';
import { blindedFieldsOf, Protocol } from '@vigil/safety-domain';
import { buildReport, ReportModel } from './build-report';
import { loadReportEvents, normaliseCutoff, positionAt } from './load-report-events.sql';
import { ReportVersion } from './report-events';
import { renderReport } from './render-report';

export interface DsmbReportOptions {
  trialId: string;
  /** ISO time with offset: events whose `time` is at or before it. */
  cutoff: string;
  version: ReportVersion;
  /** The store position to build from (an earlier issue's, to reproduce it); default: the latest at the cut-off. */
  position?: string;
  /** An earlier issue's position: "what changed" lists what was recorded after it. */
  previousPosition?: string;
  protocol?: Protocol;
}

export interface DsmbReport {
  model: ReportModel;
  html: string;
}

/** The report at (cut-off, position): the same pair gives byte-identical HTML. */
export async function buildDsmbReport(sql: Sql, options: DsmbReportOptions): Promise<DsmbReport> {
  const cutoff = await normaliseCutoff(sql, options.cutoff);
  const position = options.position ?? (await positionAt(sql, options.trialId, cutoff));
  const events = await loadReportEvents(sql, options.trialId, cutoff, position);
  const model = buildReport(
    events,
    {
      trialId: options.trialId,
      cutoff,
      position,
      version: options.version,
      ...(options.previousPosition !== undefined ? { previousPosition: options.previousPosition } : {}),
    },
    options.protocol,
    blindedFieldsOf(options.protocol),
  );
  return { model, html: renderReport(model) };
}

/** A file name for the report: trial, cut-off (as printed) and version, nothing a shell or a header could misread. */
export function reportFileName(trialId: string, cutoff: string, version: ReportVersion, extension: 'html' | 'pdf'): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(trialId)}-dsmb-${version}-${safe(cutoff.replace(/[:.]/g, ''))}.${extension}`;
}
