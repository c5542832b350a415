import { project, values } from '@vigil/safety-domain';
import { EVERY_BLINDABLE_FIELD } from '../blinding/every-blindable-field';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { Clocks } from './clocks';

/** The clocks as a sponsor sees them: the alert's identity, kind, severity, status, title and deadline; no evidence. */
const CLOCK = values('alertId', 'subjectId', 'kind', 'severity', 'status', 'title', 'dueBy', 'overdue');

export const sponsorClocksView: SponsorViewOf<Clocks> = (body) =>
  project(body, { ...values('now'), items: [CLOCK] }, EVERY_BLINDABLE_FIELD);
