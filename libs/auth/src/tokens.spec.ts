import jwt from 'jsonwebtoken';
import { mintToken, verifyToken } from './tokens';

const SECRET = 'test-secret';
const NOW = 1_800_000_000;
const POLICY = { maxLifetimeSeconds: 12 * 3600 };

/** A token with Vigil's claims, signed with SECRET, HS256, and whatever else the test says (`iat: undefined`: none). */
const sign = (claims: Record<string, unknown>) => {
  const payload = Object.fromEntries(
    Object.entries({ sub: 'dr-hale', role: 'dsmb', trials: ['CK-301'], iat: NOW, ...claims }).filter(([, v]) => v !== undefined),
  );
  return jwt.sign(payload, SECRET, { algorithm: 'HS256', noTimestamp: payload.iat === undefined });
};

describe('tokens', () => {
  it('verifies what it minted, with the same principal', () => {
    const principal = { sub: 'dsmb-chair', role: 'dsmb' as const, trials: ['CK-301'] };
    expect(verifyToken(mintToken(principal, SECRET), SECRET)).toEqual({ ok: true, principal });
  });

  it('mints exp, iss and aud as asked, and the result passes the matching checks', () => {
    const principal = { sub: 'x', role: 'sponsor' as const, trials: ['*'] };
    const token = mintToken(principal, SECRET, { ttlSeconds: 600, issuer: 'vigil', audience: 'vigil-api' });
    const claims = jwt.decode(token) as Record<string, number | string>;
    expect(claims).toMatchObject({ iss: 'vigil', aud: 'vigil-api' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    expect(verifyToken(token, SECRET, { maxLifetimeSeconds: 600, issuer: 'vigil', audience: 'vigil-api' })).toEqual({
      ok: true,
      principal,
    });
  });

  it('refuses a token signed with another secret or another algorithm', () => {
    const principal = { sub: 'x', role: 'sponsor' as const, trials: ['*'] };
    expect(verifyToken(mintToken(principal, 'other-secret'), SECRET)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/invalid signature/),
    });
    const hs512 = jwt.sign({ role: 'sponsor', trials: ['*'] }, SECRET, { algorithm: 'HS512', subject: 'x', expiresIn: 60 });
    expect(verifyToken(hs512, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/invalid algorithm/) });
  });

  it('refuses a role outside the three of SPEC §5', () => {
    const token = jwt.sign({ role: 'admin', trials: ['*'] }, SECRET, { algorithm: 'HS256', subject: 'x', expiresIn: 60 });
    expect(verifyToken(token, SECRET)).toEqual({ ok: false, reason: 'token "role" must be one of dsmb, sponsor, safety-officer' });
  });

  describe('lifetime, issuer and audience', () => {
    it('accepts a token within the maximum lifetime, to the second', () => {
      expect(verifyToken(sign({ exp: NOW + 12 * 3600 }), SECRET, POLICY, NOW)).toMatchObject({ ok: true });
      expect(verifyToken(sign({ exp: NOW + 60, iat: undefined }), SECRET, POLICY, NOW)).toMatchObject({ ok: true });
    });

    it('refuses a token without exp (it would never expire)', () => {
      expect(verifyToken(sign({}), SECRET, POLICY, NOW)).toEqual({ ok: false, reason: 'token has no "exp" claim (tokens must expire)' });
    });

    it('refuses a token whose exp - iat exceeds the maximum lifetime', () => {
      expect(verifyToken(sign({ exp: NOW + 12 * 3600 + 1 }), SECRET, POLICY, NOW)).toEqual({
        ok: false,
        reason: 'token lifetime of 43201 s exceeds the maximum of 43200 s: mint a shorter-lived token',
      });
      // Issued long ago for a year: still inside its validity, but its lifetime is what counts.
      expect(verifyToken(sign({ iat: NOW - 86_400, exp: NOW + 365 * 86_400 }), SECRET, POLICY, NOW)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/exceeds the maximum of 43200 s/),
      });
    });

    it('measures from now when iat is absent or in the future', () => {
      expect(verifyToken(sign({ iat: undefined, exp: NOW + 30 * 86_400 }), SECRET, POLICY, NOW)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/lifetime of 2592000 s exceeds/),
      });
      expect(verifyToken(sign({ iat: NOW + 365 * 86_400, exp: NOW + 365 * 86_400 + 60 }), SECRET, POLICY, NOW)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/exceeds the maximum/),
      });
    });

    it('refuses an expired token', () => {
      expect(verifyToken(sign({ iat: NOW - 120, exp: NOW - 60 }), SECRET, POLICY, NOW)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/jwt expired/),
      });
    });

    it('checks iss and aud only when they are configured', () => {
      const policy = { ...POLICY, issuer: 'vigil', audience: 'vigil-api' };
      const good = sign({ exp: NOW + 600, iss: 'vigil', aud: ['other', 'vigil-api'] });
      expect(verifyToken(good, SECRET, policy, NOW)).toMatchObject({ ok: true });
      expect(verifyToken(sign({ exp: NOW + 600, iss: 'someone-else', aud: 'vigil-api' }), SECRET, policy, NOW)).toEqual({
        ok: false,
        reason: 'invalid token: jwt issuer invalid. expected: vigil',
      });
      expect(verifyToken(sign({ exp: NOW + 600, aud: 'vigil-api' }), SECRET, policy, NOW)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/issuer invalid/),
      });
      expect(verifyToken(sign({ exp: NOW + 600, iss: 'vigil', aud: 'another-api' }), SECRET, policy, NOW)).toEqual({
        ok: false,
        reason: 'invalid token: jwt audience invalid. expected: vigil-api',
      });
      expect(verifyToken(sign({ exp: NOW + 600, iss: 'vigil' }), SECRET, policy, NOW)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/audience invalid/),
      });
      expect(verifyToken(sign({ exp: NOW + 600, iss: 'anyone', aud: 'anything' }), SECRET, POLICY, NOW)).toMatchObject({ ok: true });
    });
  });
});
