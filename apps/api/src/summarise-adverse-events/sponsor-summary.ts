import { project, Shape, values } from '@vigil/safety-domain';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { AeSummary } from './summarise-adverse-events.query';

/** The AE summary as a sponsor sees it: the counts of the whole trial, never `byArm` (the DSMB's). */
const COUNTS: Shape = {
  ...values('events', 'subjects', 'serious'),
  byWorstGrade: 'numbers',
  byRelatedness: values('related', 'notRelated'),
};
const SUMMARY: Shape = {
  ...values('trialId', 'asOf', 'relatedThreshold', 'enrolledSubjects'),
  totals: { ...values('aes', 'subjectsWithAe', 'serious'), byWorstGrade: 'numbers', byRelatedness: values('related', 'notRelated') },
  socs: [{ ...COUNTS, ...values('soc', 'socCode'), terms: [{ ...COUNTS, ...values('pt', 'ptCode') }] }],
};

export const sponsorSummaryView: SponsorViewOf<AeSummary> = (summary, blindedFieldsOf) =>
  project(summary, SUMMARY, blindedFieldsOf(summary.trialId));
