/** One stored event of the trial as the report reads it (a row of `events`). */
export interface ReportEvent {
  globalPosition: string;
  type: string;
  streamId: string;
  streamPosition: number;
  subjectId: string | null;
  /** CloudEvent `time` (UTC ISO): what the cut-off compares. */
  eventTime: string;
  /** When the store accepted it (UTC ISO): late data is recorded after the cut-off. */
  recordedAt: string;
  data: Record<string, unknown>;
}

export type ReportVersion = 'closed' | 'open';
export const REPORT_VERSIONS: readonly ReportVersion[] = ['closed', 'open'];

/** What the report was asked for and the store position it was built from. */
export interface ReportRequest {
  trialId: string;
  /** UTC ISO: events whose `time` is at or before it. */
  cutoff: string;
  /** The highest `global_position` included. */
  position: string;
  version: ReportVersion;
  /** An earlier issue's position: "what changed" lists what was recorded after it. */
  previousPosition?: string;
}
