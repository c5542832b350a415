import jwt from 'jsonwebtoken';

export type Role = 'dsmb' | 'sponsor' | 'safety-officer';

/**
 * Tokens the CLI will not mint: signed with a secret the API does not know, or already expired (signed
 * with the right secret, so only the expiry can be the reason for a 401).
 */
export function badSignatureToken(role: Role, trials: string[]): string {
  return jwt.sign({ role, trials }, 'not-the-api-secret-but-long-enough-for-hs256', {
    algorithm: 'HS256',
    subject: `${role}-forger`,
    expiresIn: 600,
  });
}

export function expiredToken(role: Role, trials: string[], secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ role, trials, iat: now - 3600, exp: now - 60 }, secret, { algorithm: 'HS256', subject: `${role}-expired` });
}
