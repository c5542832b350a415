import { project, values } from '@vigil/safety-domain';
import { EVERY_BLINDABLE_FIELD } from '../blinding/every-blindable-field';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { StoppingRulesProgress } from './stopping-rule-progress';

/** Stopping-rule progress as a sponsor sees it: counts and the alert's id and status; no subject list, no arm. */
const RULE = values('ruleId', 'description', 'threshold', 'count', 'met', 'alertId', 'status');

export const sponsorStoppingRulesView: SponsorViewOf<StoppingRulesProgress> = (body) =>
  project(body, { items: [RULE] }, EVERY_BLINDABLE_FIELD);
