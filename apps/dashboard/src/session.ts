// The signed-in session: a bearer token kept in sessionStorage (gone when the tab closes) and what its
// claims say about the role and trials. The claims are read only to shape the screens (e.g. a sponsor gets
// no action buttons); the API checks the token on every request and blinds what a sponsor receives.

export type Role = 'dsmb' | 'safety-officer' | 'sponsor';

export interface Session {
  token: string;
  role: Role;
  trials: string[];
  sub: string;
  /** Seconds since the epoch. */
  exp: number;
}

const KEY = 'vigil.token';

export function readClaims(token: string): Session | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const role = claims.role;
    if (role !== 'dsmb' && role !== 'safety-officer' && role !== 'sponsor') return undefined;
    const trials = Array.isArray(claims.trials) ? claims.trials.filter((t): t is string => typeof t === 'string') : [];
    return { token: token.trim(), role, trials, sub: String(claims.sub ?? ''), exp: Number(claims.exp ?? 0) };
  } catch {
    return undefined;
  }
}

export function loadSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  const session = token ? readClaims(token) : undefined;
  if (session && session.exp * 1000 > Date.now()) return session;
  sessionStorage.removeItem(KEY);
  return undefined;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, session.token);
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** The closed (unblinded) report is the DSMB's; everyone else gets the open one. */
export const reportVersion = (role: Role) => (role === 'dsmb' ? 'closed' : 'open');
