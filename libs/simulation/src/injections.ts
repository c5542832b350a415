/** Faults and safety signals the simulator can plant, each shaped to trigger one rule of SPEC §4. */
export const INJECTIONS = [
  'sae',
  'susar',
  'fatal',
  'related-severe',
  'aesi-fever',
  'hys-law',
  'lab-grade3',
  'fever',
  'missed-visit',
  'out-of-window',
  'escalation',
  'downgrade',
  'nullified',
  'stopping-rule',
] as const;
export type Injection = (typeof INJECTIONS)[number];

export const INJECTION_DESCRIPTIONS: Record<Injection, string> = {
  sae: 'Pneumonia, grade 3, hospitalised, not related (SERIOUS + SEVERE, 24 h clock), then recovered',
  susar: 'Injection site cellulitis, grade 3, hospitalised, probably related, unexpected (SUSAR, 15-day clock; AESI)',
  fatal: 'Myocardial infarction: life-threatening, then fatal two days later; subject withdrawn, later visits absent',
  'related-severe': 'Injection site pain, grade 3, possibly related, not serious (RELATED + SEVERE)',
  'aesi-fever': 'Fever on day 1, grade 1, unlikely related (AESI: fever within 72 h)',
  'hys-law': "ALT 4×ULN, AST 3.4×ULN and bilirubin 2.5×ULN at the same visit (Hy's law, grade 2 labs)",
  'lab-grade3': 'Neutrophils 0.8 × 10^9/L (CTCAE grade 3) at a visit',
  fever: 'Temperature 38.4 °C at the first visit after treatment (vital sign)',
  'missed-visit': 'visit.missed for a mid-study visit (M6 when the protocol has it)',
  'out-of-window': 'A visit (M3 when the protocol has it) completed 12 days after its window closed',
  escalation: 'Syncope reported non-serious (v1), then hospitalised (v2, escalation), then recovered (v3)',
  downgrade: 'Chest pain reported as hospitalisation (v1), corrected to non-serious (v2, downgrade)',
  nullified: 'Deep vein thrombosis (AESI) reported, then nullified as entered for the wrong subject',
  'stopping-rule': 'Two distinct subjects with related grade 3 AEs (RELATED-GRADE3-TWO-SUBJECTS)',
};

/** Defaults of `vigil simulate`: every injection appears in at least one trial, and every trial has an SAE. */
export const DEMO_INJECTIONS: Record<string, Injection[]> = {
  NCT04410731: ['sae', 'aesi-fever', 'fever', 'hys-law', 'lab-grade3', 'escalation', 'nullified', 'out-of-window'],
  'MSC-INTRADISCAL-33': ['sae', 'susar', 'related-severe', 'missed-visit', 'downgrade', 'out-of-window', 'fever'],
  'MSC-EPIDURAL-IV-48': ['sae', 'fatal', 'stopping-rule', 'escalation', 'missed-visit', 'lab-grade3', 'aesi-fever', 'downgrade'],
};

export function demoInjectionsFor(trialId: string): Injection[] {
  return DEMO_INJECTIONS[trialId] ?? ['sae', 'fever', 'missed-visit'];
}

export function subjectsNeeded(injection: Injection): number {
  return injection === 'stopping-rule' ? 2 : 1;
}
