import jwt from 'jsonwebtoken';
import { mintToken, verifyToken } from './tokens';

const SECRET = 'test-secret';

describe('tokens', () => {
  it('verifies what it minted, with the same principal', () => {
    const principal = { sub: 'dsmb-chair', role: 'dsmb' as const, trials: ['CK-301'] };
    expect(verifyToken(mintToken(principal, SECRET), SECRET)).toEqual({ ok: true, principal });
  });

  it('refuses a token signed with another secret or another algorithm', () => {
    const principal = { sub: 'x', role: 'sponsor' as const, trials: ['*'] };
    expect(verifyToken(mintToken(principal, 'other-secret'), SECRET)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/invalid signature/),
    });
    const hs512 = jwt.sign({ role: 'sponsor', trials: ['*'] }, SECRET, { algorithm: 'HS512', subject: 'x' });
    expect(verifyToken(hs512, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/invalid algorithm/) });
  });

  it('refuses a role outside the three of SPEC §5', () => {
    const token = jwt.sign({ role: 'admin', trials: ['*'] }, SECRET, { algorithm: 'HS256', subject: 'x' });
    expect(verifyToken(token, SECRET)).toEqual({ ok: false, reason: 'token "role" must be one of dsmb, sponsor, safety-officer' });
  });
});
