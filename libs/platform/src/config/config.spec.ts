import { ConfigError, DEFAULTS, developmentSecretProblem, isLoopbackAddress, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives working local defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.topics.adverseEvents).toBe('clinical.adverse-events.v1');
    expect(config.port).toBe(3000);
  });

  it('honours KAFKA_BROKERS and DATABASE_URL', () => {
    const config = loadConfig({ KAFKA_BROKERS: 'k1:9092, k2:9093', DATABASE_URL: 'postgres://u@db:5432/x' });
    expect(config.kafkaBrokers).toEqual(['k1:9092', 'k2:9093']);
    expect(config.databaseUrl).toBe('postgres://u@db:5432/x');
  });

  it('connects the apps as their own database roles: derived from DATABASE_URL unless their URLs are set', () => {
    const derived = loadConfig({ DATABASE_URL: 'postgres://owner:secret@db:5432/x' });
    expect(derived.monitorDatabaseUrl).toBe('postgres://vigil_monitor@db:5432/x');
    expect(derived.apiDatabaseUrl).toBe('postgres://vigil_api@db:5432/x');
    const explicit = loadConfig({
      VIGIL_MONITOR_DATABASE_URL: 'postgres://mon:pw@db/x',
      VIGIL_API_DATABASE_URL: 'postgresql://api:pw@db/x',
    });
    expect(explicit.monitorDatabaseUrl).toBe('postgres://mon:pw@db/x');
    expect(explicit.apiDatabaseUrl).toBe('postgresql://api:pw@db/x');
    expect(() => loadConfig({ VIGIL_API_DATABASE_URL: 'mysql://api:pw@db/x' })).toThrow(
      /VIGIL_API_DATABASE_URL must be a postgres:\/\/ URL \(got "mysql:\/\/api:\*\*\*@db\/x"\)/,
    );
  });

  it('names every bad setting in one error', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', KAFKA_BROKERS: 'nohost', DATABASE_URL: 'mysql://x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KAFKA_BROKERS entries must be host:port.*\n.*DATABASE_URL must be a postgres.*\n.*PORT must be an integer/s);
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET must be set in production/);
  });

  it('turns the clock off only when asked with 0, and never in production', () => {
    expect(loadConfig({}).clockIntervalMs).toBe(60_000);
    expect(loadConfig({ VIGIL_CLOCK_INTERVAL_MS: '0' }).clockIntervalMs).toBe(0);
    expect(() => loadConfig({ VIGIL_CLOCK_INTERVAL_MS: '50' })).toThrow(/VIGIL_CLOCK_INTERVAL_MS must be an integer from 100/);
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-production-secret-0123456789', VIGIL_CLOCK_INTERVAL_MS: '0' };
    expect(() => loadConfig(production)).toThrow(/VIGIL_CLOCK_INTERVAL_MS=0 .* is refused in production/);
  });

  it('serves the monitor health on 3001 unless VIGIL_MONITOR_PORT says otherwise (0 = none)', () => {
    expect(loadConfig({}).monitorPort).toBe(3001);
    expect(loadConfig({ VIGIL_MONITOR_PORT: '0' }).monitorPort).toBe(0);
    expect(() => loadConfig({ VIGIL_MONITOR_PORT: '3000' })).toThrow(/VIGIL_MONITOR_PORT and PORT must differ/);
    expect(() => loadConfig({ VIGIL_MONITOR_PORT: '-1' })).toThrow(/VIGIL_MONITOR_PORT must be an integer from 0 to 65535/);
  });

  it('validates the health bounds', () => {
    expect(loadConfig({}).health).toEqual({ monitorStaleMs: 10_000, maxBacklogAgeMs: 60_000, growthWindowMs: 60_000 });
    expect(() => loadConfig({ VIGIL_HEALTH_MONITOR_STALE_MS: '1500', VIGIL_MONITOR_HEARTBEAT_MS: '2000' })).toThrow(
      /VIGIL_HEALTH_MONITOR_STALE_MS \(1500\) must be greater than VIGIL_MONITOR_HEARTBEAT_MS/,
    );
  });

  it("validates the outbox transport limit and attempts (defaults below the broker's 1 MB)", () => {
    expect(loadConfig({})).toMatchObject({ outboxMaxMessageBytes: 900_000, outboxMaxAttempts: 5 });
    expect(loadConfig({ VIGIL_OUTBOX_MAX_MESSAGE_BYTES: '500000', VIGIL_OUTBOX_MAX_ATTEMPTS: '3' })).toMatchObject({
      outboxMaxMessageBytes: 500_000,
      outboxMaxAttempts: 3,
    });
    expect(() => loadConfig({ VIGIL_OUTBOX_MAX_MESSAGE_BYTES: '1MB', VIGIL_OUTBOX_MAX_ATTEMPTS: '0' })).toThrow(
      /VIGIL_OUTBOX_MAX_MESSAGE_BYTES must be an integer .*\n.*VIGIL_OUTBOX_MAX_ATTEMPTS must be an integer from 1/s,
    );
  });

  it('bounds the staleness of the API read cache: 1 s by default, 0 = strict, at most a minute', () => {
    expect(loadConfig({}).apiReadCacheStaleMs).toBe(0);
    expect(loadConfig({ VIGIL_API_READ_CACHE_STALE_MS: '1000' }).apiReadCacheStaleMs).toBe(1_000);
    expect(loadConfig({ VIGIL_API_READ_CACHE_STALE_MS: '0' }).apiReadCacheStaleMs).toBe(0);
    expect(() => loadConfig({ VIGIL_API_READ_CACHE_STALE_MS: '1s' })).toThrow(
      /VIGIL_API_READ_CACHE_STALE_MS must be an integer from 0 to 60000/,
    );
    expect(() => loadConfig({ VIGIL_API_READ_CACHE_STALE_MS: '600000' })).toThrow(/VIGIL_API_READ_CACHE_STALE_MS must be an integer/);
  });

  it('binds the API to 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: 'http://example.org/' })).toThrow(/HOST must be an IP address or host name/);
  });

  it('reads the token rules: 12 h maximum lifetime by default, optional issuer and audience', () => {
    expect(loadConfig({}).tokens).toEqual({ maxLifetimeSeconds: 43_200, issuer: undefined, audience: undefined });
    expect(
      loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600', AUTH_JWT_ISSUER: 'vigil', AUTH_JWT_AUDIENCE: 'vigil-api' }).tokens,
    ).toEqual({
      maxLifetimeSeconds: 3600,
      issuer: 'vigil',
      audience: 'vigil-api',
    });
    expect(() => loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: 'forever' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_SECONDS must be an integer/);
  });
});

describe('developmentSecretProblem (may the API start with its token secret on its bind address?)', () => {
  const SECRET = 'a-real-secret-of-32-characters!!';
  const DEV = DEFAULTS.jwtSecret;
  it.each([
    // secret, HOST, NODE_ENV, verdict
    [DEV, '127.0.0.1', undefined, 'starts'],
    [DEV, '127.0.0.2', 'development', 'starts'],
    [DEV, '::1', undefined, 'starts'],
    [DEV, 'localhost', undefined, 'starts'],
    [DEV, '0.0.0.0', undefined, /AUTH_JWT_SECRET must be set when the API listens beyond this machine \(HOST=0\.0\.0\.0\)/],
    [DEV, '::', undefined, /AUTH_JWT_SECRET .*HOST=::/],
    [DEV, '192.168.1.20', undefined, /AUTH_JWT_SECRET .*HOST=192\.168\.1\.20/],
    [DEV, 'vigil.example.org', undefined, /AUTH_JWT_SECRET .*HOST=vigil\.example\.org/],
    [DEV, '127.0.0.1', 'production', /AUTH_JWT_SECRET must be set in production/],
    [DEV, '0.0.0.0', 'production', /AUTH_JWT_SECRET must be set in production/],
    [SECRET, '127.0.0.1', undefined, 'starts'],
    [SECRET, '0.0.0.0', undefined, 'starts'],
    [SECRET, '0.0.0.0', 'production', 'starts'],
  ])('secret %s on HOST=%s with NODE_ENV=%s: %s', (jwtSecret, host, nodeEnv, verdict) => {
    const problem = developmentSecretProblem({ jwtSecret, host }, nodeEnv);
    if (verdict === 'starts') expect(problem).toBeUndefined();
    else expect(problem).toMatch(verdict);
  });

  it('treats an explicitly configured development secret as the development secret', () => {
    expect(developmentSecretProblem(loadConfig({ AUTH_JWT_SECRET: DEV, HOST: '0.0.0.0' }), undefined)).toMatch(/AUTH_JWT_SECRET/);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['::ffff:127.0.0.1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['', false],
    ['128.0.0.1', false],
    ['127.0.0.1.example.org', false],
    ['127.0.0.300', false],
    ['10.0.0.1', false],
  ])('isLoopbackAddress(%p) is %p', (host, loopback) => {
    expect(isLoopbackAddress(host)).toBe(loopback);
  });
});

describe('database timeouts', () => {
  it('default to 60 s per statement and 30 s idle in a transaction', () => {
    expect(loadConfig({}).database).toEqual({ statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 30_000 });
  });

  it('honour their variables and name a bad one', () => {
    const config = loadConfig({ VIGIL_DB_STATEMENT_TIMEOUT_MS: '5000', VIGIL_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '2000' });
    expect(config.database).toEqual({ statementTimeoutMs: 5_000, idleInTransactionTimeoutMs: 2_000 });
    // 0 would switch PostgreSQL's timeout off: refused.
    expect(() => loadConfig({ VIGIL_DB_STATEMENT_TIMEOUT_MS: '0' })).toThrow(
      /VIGIL_DB_STATEMENT_TIMEOUT_MS must be an integer from 1000 to 3600000 \(got "0"\)/,
    );
    expect(() => loadConfig({ VIGIL_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '30s' })).toThrow(
      /VIGIL_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS must be an integer/,
    );
  });
});
