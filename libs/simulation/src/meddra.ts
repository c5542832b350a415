import { MeddraCoding } from '@vigil/contracts';

/**
 * MedDRA coding of the simulated terms. PT codes only where they could be checked against public examples;
 * otherwise PT name and SOC only (`meddra` fields are optional in the contract, and AESI term patterns still
 * match the verbatim term).
 */
const SOC = {
  infections: { socCode: '10021881', soc: 'Infections and infestations' },
  musculoskeletal: { socCode: '10028395', soc: 'Musculoskeletal and connective tissue disorders' },
  general: { socCode: '10018065', soc: 'General disorders and administration site conditions' },
  gastrointestinal: { socCode: '10017947', soc: 'Gastrointestinal disorders' },
  skin: { socCode: '10040785', soc: 'Skin and subcutaneous tissue disorders' },
  nervous: { socCode: '10029205', soc: 'Nervous system disorders' },
  cardiac: { socCode: '10007541', soc: 'Cardiac disorders' },
  vascular: { socCode: '10047065', soc: 'Vascular disorders' },
  eye: { socCode: '10015919', soc: 'Eye disorders' },
  psychiatric: { socCode: '10037175', soc: 'Psychiatric disorders' },
  neoplasms: { socCode: '10029104', soc: 'Neoplasms benign, malignant and unspecified (incl cysts and polyps)' },
  procedures: { socCode: '10042613', soc: 'Surgical and medical procedures' },
  injury: { socCode: '10022117', soc: 'Injury, poisoning and procedural complications' },
} as const;

const coded = (ptCode: string, pt: string, soc: keyof typeof SOC): MeddraCoding => ({ ptCode, pt, ...SOC[soc] });
const named = (pt: string, soc: keyof typeof SOC): MeddraCoding => ({ pt, ...SOC[soc] });

export const MEDDRA = {
  backPain: coded('10003988', 'Back pain', 'musculoskeletal'),
  diarrhoea: coded('10012735', 'Diarrhoea', 'gastrointestinal'),
  rash: coded('10037844', 'Rash', 'skin'),
  chestDiscomfort: coded('10008469', 'Chest discomfort', 'general'),
  urinaryTractInfection: coded('10046571', 'Urinary tract infection', 'infections'),
  pyrexia: coded('10037660', 'Pyrexia', 'general'),
  headache: coded('10019211', 'Headache', 'nervous'),
  pneumonia: coded('10035664', 'Pneumonia', 'infections'),
  myocardialInfarction: coded('10028596', 'Myocardial infarction', 'cardiac'),
  syncope: coded('10042772', 'Syncope', 'nervous'),
  deepVeinThrombosis: coded('10051055', 'Deep vein thrombosis', 'vascular'),
  arthralgia: coded('10003239', 'Arthralgia', 'musculoskeletal'),
  injectionSiteBruising: named('Injection site bruising', 'general'),
  injectionSitePain: named('Injection site pain', 'general'),
  injectionSiteCellulitis: named('Injection site cellulitis', 'infections'),
  bursitis: named('Bursitis', 'musculoskeletal'),
  narrowAngle: { ...SOC.eye },
  hysterectomy: named('Hysterectomy', 'procedures'),
  basalCellCarcinoma: named('Basal cell carcinoma', 'neoplasms'),
  depression: named('Depression', 'psychiatric'),
  nasopharyngitis: named('Nasopharyngitis', 'infections'),
  proceduralPain: named('Procedural pain', 'injury'),
  chestPain: named('Chest pain', 'general'),
} as const satisfies Record<string, MeddraCoding>;
