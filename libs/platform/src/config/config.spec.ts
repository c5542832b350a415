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

  it('validates the outbox transport limit and attempts (defaults below the broker\'s 1 MB)', () => {
    expect(loadConfig({})).toMatchObject({ outboxMaxMessageBytes: 900_000, outboxMaxAttempts: 5 });
    expect(loadConfig({ VIGIL_OUTBOX_MAX_MESSAGE_BYTES: '500000', VIGIL_OUTBOX_MAX_ATTEMPTS: '3' })).toMatchObject({ outboxMaxMessageBytes: 500_000, outboxMaxAttempts: 3 });
    expect(() => loadConfig({ VIGIL_OUTBOX_MAX_MESSAGE_BYTES: '1MB', VIGIL_OUTBOX_MAX_ATTEMPTS: '0' })).toThrow(
      /VIGIL_OUTBOX_MAX_MESSAGE_BYTES must be an integer .*\n.*VIGIL_OUTBOX_MAX_ATTEMPTS must be an integer from 1/s,
    );
  });
});
