import { AdverseEventState, AeOutcome, SPEC_UTI_FOLLOW_UP } from '@vigil/contracts';
import { AE_LISTING_COLUMNS, compareAeRows, sdtmStudyDay, toAeListingRow } from './ae-listing-row';

const TRIAL = 'NCT04410731';
const ae = (overrides: Partial<AdverseEventState> = {}): AdverseEventState => ({ ...SPEC_UTI_FOLLOW_UP, ...overrides });

describe('toAeListingRow (SDTM AE-style columns)', () => {
  it('maps a non-serious AE to every column, in the listing column order', () => {
    const row = toAeListingRow(TRIAL, 'CK-001', ae(), '2021-01-11');
    expect(Object.keys(row)).toEqual([...AE_LISTING_COLUMNS]);
    expect(row).toEqual({
      STUDYID: TRIAL,
      USUBJID: 'NCT04410731-CK-001',
      AESPID: 'CK-001-AE-03',
      AETERM: 'Urinary tract infection',
      AEDECOD: 'Urinary tract infection',
      AEBODSYS: 'Infections and infestations',
      AESER: 'N',
      AESDTH: 'N',
      AESLIFE: 'N',
      AESHOSP: 'N',
      AESDISAB: 'N',
      AESCONG: 'N',
      AESMIE: 'N',
      AEREL: 'NOT RELATED',
      AERELSPN: '',
      AETOXGR: '2',
      AEOUT: 'RECOVERING/RESOLVING',
      AESTDTC: '2021-02-03',
      AEENDTC: '',
      AESTDY: 24,
      AEVERSION: 2,
      AEEXPECT: 'EXPECTED',
    });
  });

  it('sets one Y flag per seriousness criterion, AESER, the sponsor causality and the end date', () => {
    const row = toAeListingRow(
      TRIAL,
      'CK-002',
      ae({
        serious: true,
        seriousCriteria: ['death', 'hospitalization', 'important-medical-event'],
        causality: 'possibly',
        sponsorCausality: 'probably',
        expectedness: 'unexpected',
        outcome: 'fatal',
        grade: 5,
        endDate: '2021-02-20',
      }),
      '2021-01-11',
    );
    expect(row).toMatchObject({
      AESER: 'Y',
      AESDTH: 'Y',
      AESLIFE: 'N',
      AESHOSP: 'Y',
      AESDISAB: 'N',
      AESCONG: 'N',
      AESMIE: 'Y',
      AEREL: 'POSSIBLY',
      AERELSPN: 'PROBABLY',
      AETOXGR: '5',
      AEOUT: 'FATAL',
      AEENDTC: '2021-02-20',
      AEEXPECT: 'UNEXPECTED',
    });
    expect(
      toAeListingRow(
        TRIAL,
        'CK-002',
        ae({ serious: true, seriousCriteria: ['life-threatening', 'disability', 'congenital-anomaly'] }),
        null,
      ),
    ).toMatchObject({ AESDTH: 'N', AESLIFE: 'Y', AESHOSP: 'N', AESDISAB: 'Y', AESCONG: 'Y', AESMIE: 'N' });
  });

  it.each<[AeOutcome, string]>([
    ['recovered', 'RECOVERED/RESOLVED'],
    ['recovering', 'RECOVERING/RESOLVING'],
    ['not-recovered', 'NOT RECOVERED/NOT RESOLVED'],
    ['recovered-with-sequelae', 'RECOVERED/RESOLVED WITH SEQUELAE'],
    ['fatal', 'FATAL'],
    ['unknown', 'UNKNOWN'],
  ])('maps outcome %s to AEOUT %s (CDISC OUT codelist)', (outcome, aeout) => {
    expect(toAeListingRow(TRIAL, 'CK-001', ae({ outcome }), null).AEOUT).toBe(aeout);
  });

  it('leaves MedDRA columns empty when the AE is not coded', () => {
    expect(toAeListingRow(TRIAL, 'CK-001', ae({ meddra: undefined }), null)).toMatchObject({ AEDECOD: '', AEBODSYS: '' });
  });

  it('has AESTDY null when the subject was never treated', () => {
    expect(toAeListingRow(TRIAL, 'CK-001', ae(), null).AESTDY).toBeNull();
  });
});

describe('sdtmStudyDay (no day 0)', () => {
  it.each([
    ['2021-01-11', '2021-01-11', 1],
    ['2021-01-12', '2021-01-11', 2],
    ['2021-01-10', '2021-01-11', -1],
    ['2021-01-01', '2021-01-11', -10],
    ['2021-03-01', '2021-02-28', 2],
    ['2024-03-01', '2024-02-28', 3],
    ['2022-01-11', '2021-01-11', 366],
    // across a DST change (time zones play no part)
    ['2021-03-29', '2021-03-27', 3],
  ])('onset %s with treatment %s is day %i', (onset, treatment, day) => {
    expect(sdtmStudyDay(onset, treatment)).toBe(day);
  });

  it('is used for AESTDY, including an onset before treatment', () => {
    expect(toAeListingRow(TRIAL, 'CK-001', ae({ onsetDate: '2021-01-09' }), '2021-01-11').AESTDY).toBe(-2);
    expect(toAeListingRow(TRIAL, 'CK-001', ae({ onsetDate: '2021-01-11' }), '2021-01-11').AESTDY).toBe(1);
  });
});

describe('compareAeRows', () => {
  it('orders by USUBJID, then AESTDTC, then AESPID', () => {
    const rows = [
      toAeListingRow(TRIAL, 'CK-002', ae({ aeId: 'CK-002-AE-01', onsetDate: '2021-01-01' }), null),
      toAeListingRow(TRIAL, 'CK-001', ae({ aeId: 'CK-001-AE-02', onsetDate: '2021-02-01' }), null),
      toAeListingRow(TRIAL, 'CK-001', ae({ aeId: 'CK-001-AE-10', onsetDate: '2021-01-15' }), null),
      toAeListingRow(TRIAL, 'CK-001', ae({ aeId: 'CK-001-AE-09', onsetDate: '2021-01-15' }), null),
    ];
    expect(rows.sort(compareAeRows).map((r) => r.AESPID)).toEqual(['CK-001-AE-09', 'CK-001-AE-10', 'CK-001-AE-02', 'CK-002-AE-01']);
  });
});
