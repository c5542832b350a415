import { ConfigError, loadConfig } from './config';

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

  it('names every bad setting in one error', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', KAFKA_BROKERS: 'nohost', DATABASE_URL: 'mysql://x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KAFKA_BROKERS entries must be host:port.*\n.*DATABASE_URL must be a postgres.*\n.*PORT must be an integer/s);
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET must be set in production/);
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
