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
});
