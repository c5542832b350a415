import { AdverseEventState } from '../input/adverse-events';

/** The AE follow-up SPEC §2 shows (CellKine's first subject, urinary tract infection, version 2). */
export const SPEC_UTI_FOLLOW_UP: Readonly<AdverseEventState> = Object.freeze({
  aeId: 'CK-001-AE-03',
  version: 2,
  term: 'Urinary tract infection',
  meddra: Object.freeze({ ptCode: '10046571', pt: 'Urinary tract infection', socCode: '10021881', soc: 'Infections and infestations' }),
  onsetDate: '2021-02-03',
  endDate: null,
  grade: 2,
  serious: false,
  // Frozen all the way down: tests spread it, and a shared array must never be changed in place.
  seriousCriteria: Object.freeze([]) as unknown as AdverseEventState['seriousCriteria'],
  causality: 'not-related',
  expectedness: 'expected',
  outcome: 'recovering',
});
