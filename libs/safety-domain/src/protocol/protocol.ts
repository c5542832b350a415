import { Causality } from '@vigil/contracts';

/**
 * One trial's safety rules (SPEC §3), as loaded from `protocols/<trial>.yaml`.
 * Keys are the same in YAML; `validateProtocol` turns raw YAML into this shape with defaults applied.
 */
export interface Protocol {
  /** NCT number when registered, otherwise a project id (the unregistered cohorts). */
  trialId: string;
  title: string;
  phase?: string;
  design?: string;
  targetEnrollment?: number;
  treatment: { product: string; route: string; dose?: string };
  /** What sponsors must not see for this trial (SPEC §5): `arm` always; product, dose and route too when blinded. */
  blinding: ProtocolBlinding;
  related: { causalityThreshold: Causality };
  severe: { gradeThreshold: number };
  visits: VisitDefinition[];
  aesi: AesiDefinition[];
  labs: LabRules;
  vitals: VitalRules;
  stoppingRules: StoppingRule[];
  /** Which values are the project's example choices rather than published facts. */
  exampleChoices: string[];
  /** Publications / registry facts this file relies on. */
  sources: string[];
}

export interface VisitDefinition {
  /** What EDC systems send in `visitCode`. */
  code: string;
  /** Nominal day counted from treatment (day 0); SCREENING may be negative. */
  studyDay: number;
  windowBeforeDays: number;
  windowAfterDays: number;
  /** Safety labs are scheduled at this visit. */
  labs?: boolean;
  description?: string;
}

export interface AesiDefinition {
  id: string;
  name: string;
  /** MedDRA PT codes (8 digits, as strings). */
  ptCodes?: string[];
  /** Case-insensitive regular expression sources matched against the verbatim term. */
  termPatterns?: string[];
  /** Only onsets within this many days after treatment count (e.g. 3 = 72 h). */
  withinDaysAfterTreatment?: number;
}

export interface LabRules {
  ctcaeVersion: '5.0';
  /** CTCAE grade at or above which a lab value alerts. */
  alertAtGrade: number;
  /** Per-test overrides, keyed by test code (ALT, PLAT, ...). */
  tests?: Record<string, { alertAtGrade: number }>;
}

export interface VitalRules {
  feverThresholdC: number;
  systolicBpHigh?: number;
  heartRateHigh?: number;
}

export interface StoppingRule {
  id: string;
  description: string;
  /** Number of distinct subjects with a matching AE at which the rule fires. */
  threshold: number;
  /** Every given field must hold for one AE. */
  match: StoppingRuleMatch;
}

export interface StoppingRuleMatch {
  minGrade?: number;
  related?: boolean;
  serious?: boolean;
  fatal?: boolean;
  aesi?: boolean;
}

/** Fields a protocol may blind: the arm, and the treatment facts that name it in a placebo-controlled trial. */
export const BLINDABLE_FIELDS = ['arm', 'product', 'dose', 'route', 'sites'] as const;
export type BlindableField = (typeof BLINDABLE_FIELDS)[number];

export interface ProtocolBlinding {
  /** A blinded (e.g. placebo-controlled) trial: the treatment itself says which arm a subject is in. */
  blinded: boolean;
  /** Withheld from sponsors wherever they would appear; always includes `arm`. */
  fields: BlindableField[];
}

/** Without a `blinding` section a trial is open label; `blinded: true` without `fields` blinds the treatment too. */
export const OPEN_LABEL_BLINDED_FIELDS: readonly BlindableField[] = ['arm'];
export const BLINDED_TRIAL_FIELDS: readonly BlindableField[] = ['arm', 'product', 'dose', 'route'];

export const PROTOCOL_DEFAULTS = {
  causalityThreshold: 'possibly' as Causality,
  severeGradeThreshold: 3,
} as const;

export const SUPPORTED_CTCAE_VERSIONS = ['5.0'] as const;
