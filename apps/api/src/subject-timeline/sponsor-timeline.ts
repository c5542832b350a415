import { Field, project, Shape, values } from '@vigil/safety-domain';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { SubjectTimeline, TimelineEntry } from './build-timeline';

/**
 * A subject's timeline as a sponsor sees it: the header without the arm, and each entry by the fields of
 * its kind. A treatment's product, dose, route and sites are listed, and dropped when the trial's protocol
 * blinds them (a placebo-controlled trial: they name the arm).
 */
const HEADER: Shape = values('trialId', 'subjectId', 'enrolledOn', 'treatedOn', 'withdrawnOn');

const COMMON = values('studyDay', 'date', 'time', 'kind', 'eventId');
const LAB: Shape = values('test', 'value', 'unit', 'lln', 'uln', 'ctcaeGrade', 'ctcaeVersion', 'ctcaeTerm');
const ENTRY: Record<TimelineEntry['kind'], Shape> = {
  enrolment: { ...COMMON, ...values('siteId', 'sex', 'ageYears') },
  treatment: { ...COMMON, ...values('product', 'dose', 'route', 'sites') },
  visit: { ...COMMON, ...values('visitCode', 'visitDate', 'current'), assessments: 'numbers', vitals: 'numbers', labs: [LAB] as Field },
  'missed-visit': { ...COMMON, ...values('visitCode', 'reason') },
  'adverse-event': {
    ...COMMON,
    ...values('aeId', 'version', 'current', 'term', 'pt', 'grade', 'serious', 'seriousCriteria', 'causality', 'sponsorCausality'),
    ...values('expectedness', 'outcome', 'onsetDate', 'endDate'),
  },
  nullification: { ...COMMON, ...values('aeId', 'version', 'reason') },
  withdrawal: { ...COMMON, ...values('reason') },
  alert: {
    ...COMMON,
    ...values('alertId', 'alertKind', 'title', 'severity', 'reasons', 'status', 'raisedAt', 'aeId', 'visitCode', 'dueBy'),
  },
};

export const sponsorTimelineView: SponsorViewOf<SubjectTimeline> = (timeline, blindedFieldsOf) => {
  const blinded = blindedFieldsOf(timeline.trialId);
  return {
    ...project(timeline, HEADER, blinded),
    entries: timeline.entries.map((entry) => project(entry, ENTRY[entry.kind] ?? {}, blinded)),
  };
};
