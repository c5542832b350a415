import { DEFAULT_TOPICS, TopicNames } from '@vigil/contracts';
import { DATABASE_ROLES, roleUrl } from '../database/database-roles';
import { ENV } from './env-names';

export interface VigilConfig {
  kafkaBrokers: string[];
  /** The schema owner (migrations, CLI, scripts). */
  databaseUrl: string;
  /** What the monitor connects as (role vigil_monitor: append-only on events). */
  monitorDatabaseUrl: string;
  /** What the API connects as (role vigil_api: reads, plus acknowledge/close through one function). */
  apiDatabaseUrl: string;
  jwtSecret: string;
  /** What a token must carry besides a valid signature (see libs/auth `verifyToken`). */
  tokens: TokenRules;
  /** The API's bind address. */
  host: string;
  port: number;
  topics: TopicNames;
  topicPartitions: number;
  consumerGroup: string;
  /** How long the group waits for a silent instance before giving its partitions to the others. */
  kafkaSessionTimeoutMs: number;
  protocolsDir: string;
  /**
   * How often the wall clock is read into the store; 0 = never (replays and tests that compare runs, where a
   * tick's wall-clock moment would differ between them). Refused with NODE_ENV=production.
   */
  clockIntervalMs: number;
  pollIntervalMs: number;
  /** The least severe level logged (libs/platform/src/logging). */
  logLevel: LogLevel;
  /** The monitor's health endpoints; 0 = no HTTP server. */
  monitorPort: number;
  /** How often a monitor writes its status row (the API's proof that a monitor is alive). */
  monitorHeartbeatMs: number;
  health: {
    /** No monitor status row newer than this: no monitor is running. */
    monitorStaleMs: number;
    /** The oldest event a store reader (or the outbox relay) has not handled may be at most this old. */
    maxBacklogAgeMs: number;
    /** A backlog or lag that only grew over this window is falling behind. */
    growthWindowMs: number;
  };
  /** Largest key + value the outbox relay sends; longer free text is truncated with a marker (README "Limits"). */
  outboxMaxMessageBytes: number;
  /** The API's rendered answers kept per read-model state (bytes of bodies in all); 0 = no cache. */
  apiReadCacheBytes: number;
  /**
   * How long after its rendering started a cached answer may still be sent once the read models moved,
   * while a new one renders behind it (disclosed by `X-Vigil-Read-Cache: stale` and `Age`); 0 = never.
   */
  apiReadCacheStaleMs: number;
  /** Sends of one outbox row before it is parked, so it cannot hold back the rows behind it. */
  outboxMaxAttempts: number;
  /** How long published outbox rows are kept before they are pruned. */
  outboxRetentionSeconds: number;
  /** Set on every connection of the apps (see `createDataSource`). */
  database: DatabaseTimeouts;
}

/**
 * PostgreSQL cuts off a statement that runs longer than `statementTimeoutMs`, and a session left idle
 * inside an open transaction longer than `idleInTransactionTimeoutMs`: a stuck or forgotten transaction
 * holds the commit-order horizon back for every store reader (NOTES: pg_snapshot_xmin), so it must end.
 */
export interface DatabaseTimeouts {
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export interface TokenRules {
  /** A token whose lifetime (`exp` − `iat`, or `exp` − now without `iat`) is longer is refused. */
  maxLifetimeSeconds: number;
  /** When set, `iss` must equal it. */
  issuer?: string;
  /** When set, `aud` must contain it. */
  audience?: string;
}

export const DEFAULTS = {
  kafkaBrokers: '127.0.0.1:9092',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/vigil',
  /** Published, so local development only: see `developmentSecretProblem`. */
  jwtSecret: 'vigil-local-development-secret',
  maxTokenLifetimeSeconds: 12 * 3600,
  /** Loopback: nothing off this machine reaches the API unless HOST says so. */
  host: '127.0.0.1',
  port: 3000,
  topicPartitions: 6,
  consumerGroup: 'vigil-monitor',
  kafkaSessionTimeoutMs: 10_000,
  protocolsDir: 'protocols',
  clockIntervalMs: 60_000,
  pollIntervalMs: 200,
  monitorPort: 3001,
  monitorHeartbeatMs: 2_000,
  healthMonitorStaleMs: 10_000,
  healthMaxBacklogAgeMs: 60_000,
  healthGrowthWindowMs: 60_000,
  /** Below the broker's default message.max.bytes (1 048 588), leaving room for record and batch headers. */
  outboxMaxMessageBytes: 900_000,
  apiReadCacheBytes: 64 * 1024 * 1024,
  /** Of the order of the lag the read models already have behind the events (README Performance: alert latency p99 0.2–1.9 s). */
  // Strict by default: a client that reads right after a change it saw elsewhere (a notification) gets that change.
  apiReadCacheStaleMs: 0,
  outboxMaxAttempts: 5,
  outboxRetentionSeconds: 300,
  /** Generous: the longest statements (a rebuild's batch, a page of 1,000 events) take well under a second. */
  dbStatementTimeoutMs: 60_000,
  dbIdleInTransactionTimeoutMs: 30_000,
} as const;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** VIGIL_LOG_LEVEL: loadConfig() reports a bad value with the other problems; the logger uses the same rule. */
export function parseLogLevel(raw: string | undefined): { level: LogLevel; problem?: string } {
  const value = raw === undefined || raw.trim() === '' ? 'info' : raw.trim();
  if ((LOG_LEVELS as readonly string[]).includes(value)) return { level: value as LogLevel };
  return { level: 'info', problem: `${ENV.logLevel} must be one of ${LOG_LEVELS.join(', ')} (got "${value}")` };
}

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

  const postgresUrl = (name: string, value: string): boolean => {
    let ok = /^postgres(ql)?:\/\//.test(value);
    try {
      new URL(value);
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`${name} must be a postgres:// URL (got "${value.replace(/:[^:@/]*@/, ':***@')}")`);
    return ok;
  };
  const databaseUrl = str(ENV.databaseUrl, DEFAULTS.databaseUrl);
  const ownerUrlOk = postgresUrl(ENV.databaseUrl, databaseUrl);
  const appUrl = (name: string, role: string): string => {
    const explicit = str(name, '');
    if (explicit) return postgresUrl(name, explicit) ? explicit : '';
    return ownerUrlOk ? roleUrl(databaseUrl, role) : '';
  };
  const monitorDatabaseUrl = appUrl(ENV.monitorDatabaseUrl, DATABASE_ROLES.monitor);
  const apiDatabaseUrl = appUrl(ENV.apiDatabaseUrl, DATABASE_ROLES.api);

  const jwtSecret = str(ENV.jwtSecret, DEFAULTS.jwtSecret);
  if (jwtSecret.length < 16) problems.push(`${ENV.jwtSecret} must be at least 16 characters`);
  if (env.NODE_ENV === 'production' && jwtSecret === DEFAULTS.jwtSecret) {
    problems.push(`${ENV.jwtSecret} must be set in production (the built-in development secret is refused)`);
  }
  if (env.NODE_ENV === 'production' && env[ENV.clockIntervalMs]?.trim() === '0') {
    problems.push(`${ENV.clockIntervalMs}=0 (no clock: overdue visits are never raised) is refused in production`);
  }
  const host = str(ENV.host, DEFAULTS.host);
  if (/[\s/]/.test(host)) problems.push(`${ENV.host} must be an IP address or host name to bind the API to (got "${host}")`);
  const optional = (name: string) => str(name, '') || undefined;

  const { level: logLevel, problem: logLevelProblem } = parseLogLevel(env[ENV.logLevel]);
  if (logLevelProblem) problems.push(logLevelProblem);

  const config: VigilConfig = {
    kafkaBrokers,
    databaseUrl,
    monitorDatabaseUrl,
    apiDatabaseUrl,
    jwtSecret,
    tokens: {
      maxLifetimeSeconds: int(ENV.maxTokenLifetimeSeconds, DEFAULTS.maxTokenLifetimeSeconds, 60, 30 * 86_400),
      issuer: optional(ENV.jwtIssuer),
      audience: optional(ENV.jwtAudience),
    },
    host,
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
    clockIntervalMs: env[ENV.clockIntervalMs]?.trim() === '0' ? 0 : int(ENV.clockIntervalMs, DEFAULTS.clockIntervalMs, 100, 86_400_000),
    pollIntervalMs: int(ENV.pollIntervalMs, DEFAULTS.pollIntervalMs, 10, 60_000),
    logLevel,
    monitorPort: int(ENV.monitorPort, DEFAULTS.monitorPort, 0, 65535),
    monitorHeartbeatMs: int(ENV.monitorHeartbeatMs, DEFAULTS.monitorHeartbeatMs, 200, 60_000),
    health: {
      monitorStaleMs: int(ENV.healthMonitorStaleMs, DEFAULTS.healthMonitorStaleMs, 1_000, 3_600_000),
      maxBacklogAgeMs: int(ENV.healthMaxBacklogAgeMs, DEFAULTS.healthMaxBacklogAgeMs, 1_000, 86_400_000),
      growthWindowMs: int(ENV.healthGrowthWindowMs, DEFAULTS.healthGrowthWindowMs, 5_000, 3_600_000),
    },
    outboxMaxMessageBytes: int(ENV.outboxMaxMessageBytes, DEFAULTS.outboxMaxMessageBytes, 10_000, 100_000_000),
    apiReadCacheBytes: int(ENV.apiReadCacheBytes, DEFAULTS.apiReadCacheBytes, 0, 4 * 1024 ** 3),
    apiReadCacheStaleMs: int(ENV.apiReadCacheStaleMs, DEFAULTS.apiReadCacheStaleMs, 0, 60_000),
    outboxMaxAttempts: int(ENV.outboxMaxAttempts, DEFAULTS.outboxMaxAttempts, 1, 1000),
    outboxRetentionSeconds: int(ENV.outboxRetentionSeconds, DEFAULTS.outboxRetentionSeconds, 0, 30 * 86_400),
    database: {
      statementTimeoutMs: int(ENV.dbStatementTimeoutMs, DEFAULTS.dbStatementTimeoutMs, 1_000, 3_600_000),
      idleInTransactionTimeoutMs: int(ENV.dbIdleInTransactionTimeoutMs, DEFAULTS.dbIdleInTransactionTimeoutMs, 1_000, 3_600_000),
    },
  };
  if (config.health.monitorStaleMs <= config.monitorHeartbeatMs) {
    problems.push(
      `${ENV.healthMonitorStaleMs} (${config.health.monitorStaleMs}) must be greater than ${ENV.monitorHeartbeatMs} (${config.monitorHeartbeatMs})`,
    );
  }
  if (config.monitorPort !== 0 && config.monitorPort === config.port) {
    problems.push(`${ENV.monitorPort} and ${ENV.port} must differ (both ${config.port})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * The API's start-up decision on its token secret. The development secret is published (it is in this
 * file), so anyone can mint tokens for it: it is accepted only while the API is bound to a loopback address
 * (the bind address, never the address of a client, which a proxy or tunnel can make look local) and never
 * with NODE_ENV=production. Returns the problem, or undefined when the API may start.
 */
export function developmentSecretProblem(config: Pick<VigilConfig, 'jwtSecret' | 'host'>, nodeEnv: string | undefined): string | undefined {
  if (config.jwtSecret !== DEFAULTS.jwtSecret) return undefined;
  if (nodeEnv === 'production') {
    return `${ENV.jwtSecret} must be set in production (the built-in development secret is refused)`;
  }
  if (!isLoopbackAddress(config.host)) {
    return (
      `${ENV.jwtSecret} must be set when the API listens beyond this machine (${ENV.host}=${config.host}): ` +
      `the built-in development secret is accepted only on a loopback address such as ${DEFAULTS.host}`
    );
  }
  return undefined;
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`; anything else, `0.0.0.0` and `::` included, is not. */
export function isLoopbackAddress(host: string): boolean {
  const address = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (address === 'localhost' || address === '::1' || address === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = address.replace(/^::ffff:/, '');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4) && ipv4.split('.').every((part) => Number(part) <= 255);
}
