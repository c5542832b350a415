import jwt from 'jsonwebtoken';
import { Principal, ROLES } from './principal';

export type TokenCheck = { ok: true; principal: Principal } | { ok: false; reason: string };

/** HS256 only: a token signed with another algorithm (or `none`) is refused, whatever its claims say. */
export function verifyToken(token: string, secret: string): TokenCheck {
  let claims: unknown;
  try {
    claims = jwt.verify(token, secret, { algorithms: ['HS256'] });
  } catch (error) {
    return { ok: false, reason: `invalid token: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!claims || typeof claims !== 'object') return { ok: false, reason: 'invalid token: no claims' };
  const { sub, role, trials } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || sub === '') return { ok: false, reason: 'token has no "sub" claim' };
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    return { ok: false, reason: `token "role" must be one of ${ROLES.join(', ')}` };
  }
  if (!Array.isArray(trials) || !trials.every((t) => typeof t === 'string')) {
    return { ok: false, reason: 'token "trials" must be a list of trial ids or ["*"]' };
  }
  return { ok: true, principal: { sub, role: role as Principal['role'], trials } };
}

export function mintToken(principal: Principal, secret: string, expiresInSeconds = 8 * 3600): string {
  return jwt.sign({ role: principal.role, trials: principal.trials }, secret, {
    algorithm: 'HS256',
    subject: principal.sub,
    expiresIn: expiresInSeconds,
  });
}
