export const ROLES = ['dsmb', 'sponsor', 'safety-officer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token (SPEC §5). */
export interface Principal {
  sub: string;
  role: Role;
  /** Trial ids, or ['*'] for every trial. */
  trials: string[];
}

export function maySeeTrial(principal: Principal, trialId: string): boolean {
  return principal.trials.includes('*') || principal.trials.includes(trialId);
}
