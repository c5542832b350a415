import jwt from 'jsonwebtoken';
import { useE2eRun } from '../../../test/support/e2e-harness';

/**
 * The built API (dist/apps/api) on a free port with its own database: authentication and authorisation
 * as SPEC §5 states them (Bearer JWT, HS256 with AUTH_JWT_SECRET; no token → 401; trial outside the
 * token's `trials` → 403), plus the public routes and query validation.
 */
const TRIAL_A = 'NCT04410731';
const TRIAL_B = 'NCT05000001';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** This file's API (and CLI) checks iss and aud and allows tokens of at most an hour. */
const ISSUER = 'vigil-e2e';
const AUDIENCE = 'vigil-api';
const MAX_LIFETIME = 3600;

describe('API authentication and authorisation (built API, real PostgreSQL)', () => {
  const run = useE2eRun('api-auth', {
    env: { AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE, AUTH_MAX_TOKEN_LIFETIME_SECONDS: String(MAX_LIFETIME) },
  });
  let dsmbA: string;

  beforeAll(async () => {
    await run.startApi();
    dsmbA = await run.mintToken({ role: 'dsmb', trials: [TRIAL_A] });
  });

  /** A token with the right claims, signed however the test needs. */
  const sign = (claims: Record<string, unknown>, secret = run.jwtSecret, options: jwt.SignOptions = {}) =>
    jwt.sign({ role: 'dsmb', trials: [TRIAL_A], ...claims }, secret, {
      algorithm: 'HS256',
      subject: 'dr-hale',
      ...(claims.exp === undefined ? { expiresIn: 600 } : {}),
      ...(claims.iss === undefined ? { issuer: ISSUER } : {}),
      ...(claims.aud === undefined ? { audience: AUDIENCE } : {}),
      ...options,
    });

  const alertsOf = (trialId: string, token?: string, query = '') => run.http(`/api/trials/${trialId}/alerts${query}`, { token });

  const expectUnauthorized = (response: { status: number; headers: Headers; body: any }, reason: RegExp) => {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
    expect(response.body.detail).toMatch(reason);
  };

  it('accepts a token minted by the CLI for its own trial', async () => {
    const response = await alertsOf(TRIAL_A, dsmbA);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('answers 401 with a reason when there is no token', async () => {
    expectUnauthorized(await alertsOf(TRIAL_A), /Authorization: Bearer/);
    expectUnauthorized(
      await run.http(`/api/trials/${TRIAL_A}/alerts`, { headers: { authorization: `Basic ${Buffer.from('dsmb:pw').toString('base64')}` } }),
      /Bearer/,
    );
  });

  it('answers 401 to a token that is not a JWT', async () => {
    expectUnauthorized(await alertsOf(TRIAL_A, 'not-a-token'), /invalid token/);
  });

  it('answers 401 to a token signed with another secret', async () => {
    expectUnauthorized(await alertsOf(TRIAL_A, sign({}, 'another-secret-of-sufficient-length')), /invalid signature/);
  });

  it('answers 401 to an unsigned token (alg: none)', async () => {
    const payload = {
      sub: 'dr-hale',
      role: 'dsmb',
      trials: ['*'],
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
    expectUnauthorized(await alertsOf(TRIAL_A, unsigned), /invalid token/);
  });

  it('answers 401 to a token signed with the right secret but another algorithm (HS512)', async () => {
    expectUnauthorized(await alertsOf(TRIAL_A, sign({}, run.jwtSecret, { algorithm: 'HS512' })), /invalid (algorithm|token)/);
  });

  it('answers 401 to an expired token', async () => {
    const expired = sign({ exp: Math.floor(Date.now() / 1000) - 60 });
    expectUnauthorized(await alertsOf(TRIAL_A, expired), /expired/);
  });

  it('mints (CLI) tokens with exp, capped at AUTH_MAX_TOKEN_LIFETIME_SECONDS, and the configured iss and aud', async () => {
    const claims = jwt.decode(dsmbA) as jwt.JwtPayload;
    expect(claims).toMatchObject({ iss: ISSUER, aud: AUDIENCE });
    expect(claims.exp! - claims.iat!).toBe(MAX_LIFETIME);
    const short = jwt.decode(await run.mintToken({ role: 'dsmb', trials: [TRIAL_A], ttl: '5m' })) as jwt.JwtPayload;
    expect(short.exp! - short.iat!).toBe(300);
    await expect(run.cli(['mint-token', '--role', 'dsmb', '--ttl', '2h'])).rejects.toThrow(
      /--ttl 2h is longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS \(3600 s\)/,
    );
  });

  it('answers 401 to a token without exp (it would never expire)', async () => {
    const forever = jwt.sign({ role: 'dsmb', trials: [TRIAL_A] }, run.jwtSecret, {
      algorithm: 'HS256',
      subject: 'dr-hale',
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expectUnauthorized(await alertsOf(TRIAL_A, forever), /no "exp" claim/);
  });

  it('answers 401 to a token that lives longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS', async () => {
    expectUnauthorized(
      await alertsOf(TRIAL_A, sign({}, run.jwtSecret, { expiresIn: MAX_LIFETIME + 1 })),
      /lifetime of 3601 s exceeds the maximum of 3600 s/,
    );
    expect((await alertsOf(TRIAL_A, sign({}, run.jwtSecret, { expiresIn: MAX_LIFETIME }))).status).toBe(200);
  });

  it('answers 401 to a token from another issuer or for another audience', async () => {
    expectUnauthorized(await alertsOf(TRIAL_A, sign({ iss: 'someone-else' })), /issuer invalid\. expected: vigil-e2e/);
    expectUnauthorized(await alertsOf(TRIAL_A, sign({ aud: 'another-api' })), /audience invalid\. expected: vigil-api/);
    expectUnauthorized(
      await alertsOf(
        TRIAL_A,
        jwt.sign({ role: 'dsmb', trials: [TRIAL_A] }, run.jwtSecret, { algorithm: 'HS256', subject: 'dr-hale', expiresIn: 600 }),
      ),
      /(issuer|audience) invalid/,
    );
  });

  it('answers 401 to a token whose role is not a Vigil role', async () => {
    expectUnauthorized(await alertsOf(TRIAL_A, sign({ role: 'admin' })), /role/);
  });

  it('answers 403 when the token is for trial A and the request for trial B', async () => {
    const response = await alertsOf(TRIAL_B, dsmbA);
    expect(response.status).toBe(403);
    expect(response.body.detail).toContain(TRIAL_B);
  });

  it("lets a token with trials ['*'] read any trial", async () => {
    const everyTrial = await run.mintToken({ role: 'sponsor', trials: ['*'] });
    for (const trialId of [TRIAL_A, TRIAL_B]) {
      const response = await alertsOf(trialId, everyTrial);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], nextCursor: null });
    }
  });

  it('serves /health without a token (degraded here: the API alone answering is not "up", no monitor runs)', async () => {
    const response = await run.http('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'degraded',
      reasons: ['no monitor has ever reported'],
      checks: { database: { status: 'up' }, kafka: { status: 'up' }, monitor: { status: 'down' } },
    });
    expect((await run.http('/health/ready')).status).toBe(503);
    expect((await run.http('/health/live')).status).toBe(200);
  });

  it('serves the OpenAPI page at /docs without a token, documenting the alert listing and bearer auth', async () => {
    const page = await run.http('/docs', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toMatch(/swagger/i);
    const document = await run.http('/docs-json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toContain('/api/trials/{trialId}/alerts');
    expect(JSON.stringify(document.body.components?.securitySchemes ?? {})).toMatch(/bearer/i);
  });

  it('answers 400 naming the parameter when a filter value is not allowed', async () => {
    const response = await alertsOf(TRIAL_A, dsmbA, '?status=bogus');
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/"status"/);
    expect(response.body.detail).toContain('bogus');
    expect(response.body.errors).toEqual([{ in: 'query', name: 'status', reason: response.body.detail }]);
  });

  it('checks the token before the query (no token and a bad filter → 401)', async () => {
    expect((await alertsOf(TRIAL_A, undefined, '?status=bogus')).status).toBe(401);
  });
});
