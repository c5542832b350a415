import { DEFAULT_TOPICS, TopicNames } from '@vigil/contracts';
import { ENV } from './env-names';

export interface VigilConfig {
  kafkaBrokers: string[];
  databaseUrl: string;
  jwtSecret: string;
  port: number;
  topics: TopicNames;
  topicPartitions: number;
  consumerGroup: string;
  /** How long the group waits for a silent instance before giving its partitions to the others. */
  kafkaSessionTimeoutMs: number;
  protocolsDir: string;
  clockIntervalMs: number;
  pollIntervalMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Largest key + value the outbox relay sends; longer free text is truncated with a marker (README "Limits"). */
  outboxMaxMessageBytes: number;
  /** Sends of one outbox row before it is parked, so it cannot hold back the rows behind it. */
  outboxMaxAttempts: number;
  /** How long published outbox rows are kept before they are pruned. */
  outboxRetentionSeconds: number;
}

export const DEFAULTS = {
  kafkaBrokers: '127.0.0.1:9092',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/vigil',
  /** Local development only; `loadConfig({ requireJwtSecret: true })` refuses it when NODE_ENV=production. */
  jwtSecret: 'vigil-local-development-secret',
  port: 3000,
  topicPartitions: 6,
  consumerGroup: 'vigil-monitor',
  kafkaSessionTimeoutMs: 10_000,
  protocolsDir: 'protocols',
  clockIntervalMs: 60_000,
  pollIntervalMs: 200,
  /** Below the broker's default message.max.bytes (1 048 588), leaving room for record and batch headers. */
  outboxMaxMessageBytes: 900_000,
  outboxMaxAttempts: 5,
  outboxRetentionSeconds: 300,
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment once at start-up; every problem is reported with the variable's name. */
export function loadConfig(env: Env = process.env): VigilConfig {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return fallback;
    return value.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const kafkaBrokers = str(ENV.kafkaBrokers, DEFAULTS.kafkaBrokers)
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const broker of kafkaBrokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) problems.push(`${ENV.kafkaBrokers} entries must be host:port (got "${broker}")`);
  }

  const databaseUrl = str(ENV.databaseUrl, DEFAULTS.databaseUrl);
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`${ENV.databaseUrl} must be a postgres:// URL (got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}")`);
  }

  const jwtSecret = str(ENV.jwtSecret, DEFAULTS.jwtSecret);
  if (jwtSecret.length < 16) problems.push(`${ENV.jwtSecret} must be at least 16 characters`);
  if (env.NODE_ENV === 'production' && jwtSecret === DEFAULTS.jwtSecret) {
    problems.push(`${ENV.jwtSecret} must be set in production (the built-in development secret is refused)`);
  }

  const logLevel = str(ENV.logLevel, 'info');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    problems.push(`${ENV.logLevel} must be one of debug, info, warn, error (got "${logLevel}")`);
  }

  const config: VigilConfig = {
    kafkaBrokers,
    databaseUrl,
    jwtSecret,
    port: int(ENV.port, DEFAULTS.port, 1, 65535),
    topics: {
      visits: str(ENV.topicVisits, DEFAULT_TOPICS.visits),
      adverseEvents: str(ENV.topicAdverseEvents, DEFAULT_TOPICS.adverseEvents),
      deadLetter: str(ENV.topicDeadLetter, DEFAULT_TOPICS.deadLetter),
      notifications: str(ENV.topicNotifications, DEFAULT_TOPICS.notifications),
    },
    topicPartitions: int(ENV.topicPartitions, DEFAULTS.topicPartitions, 1, 1000),
    consumerGroup: str(ENV.consumerGroup, DEFAULTS.consumerGroup),
    kafkaSessionTimeoutMs: int(ENV.kafkaSessionTimeoutMs, DEFAULTS.kafkaSessionTimeoutMs, 6_000, 300_000),
    protocolsDir: str(ENV.protocolsDir, DEFAULTS.protocolsDir),
    clockIntervalMs: int(ENV.clockIntervalMs, DEFAULTS.clockIntervalMs, 100, 86_400_000),
    pollIntervalMs: int(ENV.pollIntervalMs, DEFAULTS.pollIntervalMs, 10, 60_000),
    logLevel: logLevel as VigilConfig['logLevel'],
    outboxMaxMessageBytes: int(ENV.outboxMaxMessageBytes, DEFAULTS.outboxMaxMessageBytes, 10_000, 100_000_000),
    outboxMaxAttempts: int(ENV.outboxMaxAttempts, DEFAULTS.outboxMaxAttempts, 1, 1000),
    outboxRetentionSeconds: int(ENV.outboxRetentionSeconds, DEFAULTS.outboxRetentionSeconds, 0, 30 * 86_400),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
