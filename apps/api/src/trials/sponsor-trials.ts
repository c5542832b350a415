import { SEVERITIES } from '@vigil/contracts';
import { project, Shape, values } from '@vigil/safety-domain';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { TrialList } from './list-trials.query';

/** The trials overview as a sponsor sees it: counts per trial, listed field by field. */
const OVERVIEW: Shape = {
  ...values('trialId', 'subjects'),
  openAlerts: values(...SEVERITIES),
  acknowledgedAlerts: values(...SEVERITIES),
};

export const sponsorTrialsView: SponsorViewOf<TrialList> = (list, blindedFieldsOf) => ({
  items: list.items.map((trial) => project(trial, OVERVIEW, blindedFieldsOf(trial.trialId))),
  ...(list.asOf ? { asOf: list.asOf } : {}),
});
