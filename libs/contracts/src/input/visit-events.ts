/** Visit topic payloads (SPEC §2, "Visit topic"). Calendar dates are `YYYY-MM-DD`. */
export interface SubjectEnrolled {
  siteId: string;
  enrolledOn: string;
  /** Blinded: never shown to sponsors. */
  arm?: string;
  sex?: string;
  ageYears?: number;
}

export interface TreatmentAdministered {
  administeredOn: string;
  product: string;
  dose?: string;
  route?: string;
  sites?: string[];
}

export type LabTestCode = 'ALT' | 'AST' | 'BILI' | 'ALP' | 'CREAT' | 'NEUT' | 'PLAT' | 'HGB' | 'APTT' | 'INR' | 'CRP' | (string & {});

export interface LabResult {
  test: LabTestCode;
  value: number;
  unit?: string;
  lln?: number;
  uln?: number;
}

export interface Vitals {
  temperatureC?: number;
  systolicBp?: number;
  diastolicBp?: number;
  heartRate?: number;
  respiratoryRate?: number;
  [name: string]: number | undefined;
}

export interface VisitCompleted {
  visitCode: string;
  visitDate: string;
  assessments?: Record<string, number>;
  vitals?: Vitals;
  labs?: LabResult[];
}

export interface VisitMissed {
  visitCode: string;
  reason?: string;
}

export interface SubjectWithdrawn {
  withdrawnOn: string;
  reason?: string;
}
