import { project, values } from '@vigil/safety-domain';
import { EVERY_BLINDABLE_FIELD } from '../blinding/every-blindable-field';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { VisitCompliance } from './visit-compliance';

/** Visit compliance as a sponsor sees it: the same counts (no arm is involved), listed field by field. */
const ROW = values(
  'visitCode',
  'nominalDay',
  'earliestDay',
  'latestDay',
  'expected',
  'inWindow',
  'outOfWindow',
  'missed',
  'overdue',
  'notYetDue',
);

export const sponsorVisitComplianceView: SponsorViewOf<VisitCompliance> = (body) => project(body, { items: [ROW] }, EVERY_BLINDABLE_FIELD);
