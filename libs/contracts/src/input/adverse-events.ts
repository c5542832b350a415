/** AE topic payloads (SPEC §2, "AE topic"). Every report/update carries the whole current state. */
export const SERIOUSNESS_CRITERIA = [
  'death',
  'life-threatening',
  'hospitalization',
  'disability',
  'congenital-anomaly',
  'important-medical-event',
] as const;
export type SeriousnessCriterion = (typeof SERIOUSNESS_CRITERIA)[number];

/** Ordered from least to most related: the order is used for "at or above threshold". */
export const CAUSALITY_SCALE = ['not-related', 'unlikely', 'possibly', 'probably', 'definitely'] as const;
export type Causality = (typeof CAUSALITY_SCALE)[number];

export const EXPECTEDNESS_VALUES = ['expected', 'unexpected'] as const;
export type Expectedness = (typeof EXPECTEDNESS_VALUES)[number];

export const AE_OUTCOMES = ['recovered', 'recovering', 'not-recovered', 'recovered-with-sequelae', 'fatal', 'unknown'] as const;
export type AeOutcome = (typeof AE_OUTCOMES)[number];

export interface MeddraCoding {
  ptCode?: string;
  pt?: string;
  socCode?: string;
  soc?: string;
}

export interface AdverseEventState {
  aeId: string;
  version: number;
  term: string;
  meddra?: MeddraCoding;
  onsetDate: string;
  endDate?: string | null;
  /** CTCAE grade 1–5. */
  grade: number;
  serious: boolean;
  seriousCriteria: SeriousnessCriterion[];
  causality: Causality;
  sponsorCausality?: Causality;
  expectedness: Expectedness;
  outcome: AeOutcome;
}

export interface AdverseEventNullified {
  aeId: string;
  version: number;
  reason: string;
}
