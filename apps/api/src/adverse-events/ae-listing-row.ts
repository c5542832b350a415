import { AdverseEventState, AeOutcome, Causality, SeriousnessCriterion } from '@vigil/contracts';
import { daysBetween } from '@vigil/safety-domain';

/**
 * One row of the AE listing, SDTM AE domain style (SDTMIG 3.x names), plus two Vigil columns (AEVERSION,
 * AEEXPECT). Character columns follow SDTM: a missing value is '' (not null); only the numeric AESTDY may be
 * null. The column order is the CSV order.
 */
export const AE_LISTING_COLUMNS = [
  'STUDYID',
  'USUBJID',
  'AESPID',
  'AETERM',
  'AEDECOD',
  'AEBODSYS',
  'AESER',
  'AESDTH',
  'AESLIFE',
  'AESHOSP',
  'AESDISAB',
  'AESCONG',
  'AESMIE',
  'AEREL',
  'AERELSPN',
  'AETOXGR',
  'AEOUT',
  'AESTDTC',
  'AEENDTC',
  'AESTDY',
  'AEVERSION',
  'AEEXPECT',
] as const;
export type AeListingColumn = (typeof AE_LISTING_COLUMNS)[number];
export type AeListingRow = Record<Exclude<AeListingColumn, 'AESTDY' | 'AEVERSION'>, string> & { AESTDY: number | null; AEVERSION: number };

/** CDISC controlled terminology for AEOUT (codelist OUT). */
const OUTCOMES: Record<AeOutcome, string> = {
  recovered: 'RECOVERED/RESOLVED',
  recovering: 'RECOVERING/RESOLVING',
  'not-recovered': 'NOT RECOVERED/NOT RESOLVED',
  'recovered-with-sequelae': 'RECOVERED/RESOLVED WITH SEQUELAE',
  fatal: 'FATAL',
  unknown: 'UNKNOWN',
};

/** The per-criterion seriousness flags of SDTM (ICH E2A criteria). */
type CriterionFlag = 'AESDTH' | 'AESLIFE' | 'AESHOSP' | 'AESDISAB' | 'AESCONG' | 'AESMIE';
const CRITERIA_FLAGS: [CriterionFlag, SeriousnessCriterion][] = [
  ['AESDTH', 'death'],
  ['AESLIFE', 'life-threatening'],
  ['AESHOSP', 'hospitalization'],
  ['AESDISAB', 'disability'],
  ['AESCONG', 'congenital-anomaly'],
  ['AESMIE', 'important-medical-event'],
];

const yn = (flag: boolean) => (flag ? 'Y' : 'N');
/** `not-related` → `NOT RELATED`: the input scale upper-cased, words separated as SDTM values are. */
const causalityTerm = (c: Causality | undefined) => (c ? c.toUpperCase().replace(/-/g, ' ') : '');

export function toAeListingRow(trialId: string, subjectId: string, ae: AdverseEventState, treatedOn: string | null): AeListingRow {
  const flags = Object.fromEntries(
    CRITERIA_FLAGS.map(([column, criterion]) => [column, yn(ae.seriousCriteria.includes(criterion))]),
  ) as Record<CriterionFlag, string>;
  return {
    STUDYID: trialId,
    USUBJID: `${trialId}-${subjectId}`,
    AESPID: ae.aeId,
    AETERM: ae.term,
    AEDECOD: ae.meddra?.pt ?? '',
    AEBODSYS: ae.meddra?.soc ?? '',
    AESER: yn(ae.serious),
    ...flags,
    AEREL: causalityTerm(ae.causality),
    AERELSPN: causalityTerm(ae.sponsorCausality),
    AETOXGR: String(ae.grade),
    AEOUT: OUTCOMES[ae.outcome] ?? ae.outcome.toUpperCase(),
    AESTDTC: ae.onsetDate,
    AEENDTC: ae.endDate ?? '',
    AESTDY: treatedOn ? sdtmStudyDay(ae.onsetDate, treatedOn) : null,
    AEVERSION: ae.version,
    AEEXPECT: ae.expectedness.toUpperCase(),
  };
}

/**
 * SDTM study day (SDTMIG 4.4.4) with the first treatment date as reference: there is no day 0, the
 * treatment day is day 1 and the day before it is day -1. The protocol (and the subject timeline) counts
 * the treatment day as "study day 0"; the listing follows SDTM so it can be compared with other AE listings.
 */
export function sdtmStudyDay(date: string, referenceDate: string): number {
  const days = daysBetween(referenceDate, date);
  return days >= 0 ? days + 1 : days;
}

/** Listing order: USUBJID, AESTDTC, AESPID (code-point order, so it is the same on every machine). */
export function compareAeRows(a: AeListingRow, b: AeListingRow): number {
  return cmp(a.USUBJID, b.USUBJID) || cmp(a.AESTDTC, b.AESTDTC) || cmp(a.AESPID, b.AESPID);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
