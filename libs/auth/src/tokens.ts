import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Principal, ROLES } from './principal';

export type TokenCheck = { ok: true; principal: Principal } | { ok: false; reason: string };

/** What a token must carry besides a valid HS256 signature. */
export interface TokenPolicy {
  /** Longest accepted lifetime: `exp` − `iat` (or `exp` − now without `iat`, or with an `iat` in the future). */
  maxLifetimeSeconds: number;
  /** When set, `iss` must equal it. */
  issuer?: string;
  /** When set, `aud` must be (or contain) it. */
  audience?: string;
}

// jsonwebtoken turns a string secret into a KeyObject on every verification (~1 ms under load): once per secret.
let cachedKey: { secret: string; key: KeyObject } | undefined;
function secretKey(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return cachedKey.key;
}

/** What `verifyToken` enforces when the caller names no policy: 12 hours, no issuer or audience. */
export const DEFAULT_TOKEN_POLICY: TokenPolicy = { maxLifetimeSeconds: 12 * 3600 };

/**
 * HS256 only: a token signed with another algorithm (or `none`) is refused, whatever its claims say. A
 * token must expire (`exp`), and not later than the policy's maximum lifetime after it was issued, so a
 * leaked token is not a key for ever.
 */
export function verifyToken(
  token: string,
  secret: string,
  policy: TokenPolicy = DEFAULT_TOKEN_POLICY,
  nowSeconds = nowInSeconds(),
): TokenCheck {
  let claims: unknown;
  try {
    claims = jwt.verify(token, secretKey(secret), {
      algorithms: ['HS256'],
      clockTimestamp: nowSeconds,
      ...(policy.issuer ? { issuer: policy.issuer } : {}),
      ...(policy.audience ? { audience: policy.audience } : {}),
    });
  } catch (error) {
    return { ok: false, reason: `invalid token: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!claims || typeof claims !== 'object') return { ok: false, reason: 'invalid token: no claims' };
  const { sub, role, trials, exp, iat } = claims as Record<string, unknown>;
  if (typeof exp !== 'number') return { ok: false, reason: 'token has no "exp" claim (tokens must expire)' };
  // An `iat` in the future would stretch the window, so the lifetime counts from now at the latest.
  const issuedAt = typeof iat === 'number' ? Math.min(iat, nowSeconds) : nowSeconds;
  if (exp - issuedAt > policy.maxLifetimeSeconds) {
    return {
      ok: false,
      reason: `token lifetime of ${exp - issuedAt} s exceeds the maximum of ${policy.maxLifetimeSeconds} s: mint a shorter-lived token`,
    };
  }
  if (typeof sub !== 'string' || sub === '') return { ok: false, reason: 'token has no "sub" claim' };
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    return { ok: false, reason: `token "role" must be one of ${ROLES.join(', ')}` };
  }
  if (!Array.isArray(trials) || !trials.every((t) => typeof t === 'string')) {
    return { ok: false, reason: 'token "trials" must be a list of trial ids or ["*"]' };
  }
  return { ok: true, principal: { sub, role: role as Principal['role'], trials } };
}

export interface MintOptions {
  /** Lifetime in seconds (`exp` = `iat` + this). */
  ttlSeconds: number;
  issuer?: string;
  audience?: string;
}

export function mintToken(principal: Principal, secret: string, options: MintOptions = { ttlSeconds: 8 * 3600 }): string {
  return jwt.sign({ role: principal.role, trials: principal.trials }, secret, {
    algorithm: 'HS256',
    subject: principal.sub,
    expiresIn: options.ttlSeconds,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  });
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);
