/** Every environment variable Vigil reads, in one place. Scripts (scripts/*.sh) use the same names. */
export const ENV = {
  kafkaBrokers: 'KAFKA_BROKERS',
  /** The schema owner's URL: migrations, scripts and the CLI. The apps connect as their own roles (below). */
  databaseUrl: 'DATABASE_URL',
  /** Default: DATABASE_URL with user vigil_monitor and no password. */
  monitorDatabaseUrl: 'VIGIL_MONITOR_DATABASE_URL',
  /** Default: DATABASE_URL with user vigil_api and no password. */
  apiDatabaseUrl: 'VIGIL_API_DATABASE_URL',
  jwtSecret: 'AUTH_JWT_SECRET',
  jwtIssuer: 'AUTH_JWT_ISSUER',
  jwtAudience: 'AUTH_JWT_AUDIENCE',
  maxTokenLifetimeSeconds: 'AUTH_MAX_TOKEN_LIFETIME_SECONDS',
  host: 'HOST',
  port: 'PORT',
  topicVisits: 'VIGIL_TOPIC_VISITS',
  topicAdverseEvents: 'VIGIL_TOPIC_ADVERSE_EVENTS',
  topicDeadLetter: 'VIGIL_TOPIC_DEAD_LETTER',
  topicNotifications: 'VIGIL_TOPIC_NOTIFICATIONS',
  topicPartitions: 'VIGIL_TOPIC_PARTITIONS',
  consumerGroup: 'VIGIL_CONSUMER_GROUP',
  kafkaSessionTimeoutMs: 'VIGIL_KAFKA_SESSION_TIMEOUT_MS',
  protocolsDir: 'VIGIL_PROTOCOLS_DIR',
  clockIntervalMs: 'VIGIL_CLOCK_INTERVAL_MS',
  pollIntervalMs: 'VIGIL_POLL_INTERVAL_MS',
  logLevel: 'VIGIL_LOG_LEVEL',
  monitorPort: 'VIGIL_MONITOR_PORT',
  monitorHeartbeatMs: 'VIGIL_MONITOR_HEARTBEAT_MS',
  healthMonitorStaleMs: 'VIGIL_HEALTH_MONITOR_STALE_MS',
  healthMaxBacklogAgeMs: 'VIGIL_HEALTH_MAX_BACKLOG_AGE_MS',
  healthGrowthWindowMs: 'VIGIL_HEALTH_GROWTH_WINDOW_MS',
  outboxMaxMessageBytes: 'VIGIL_OUTBOX_MAX_MESSAGE_BYTES',
  outboxMaxAttempts: 'VIGIL_OUTBOX_MAX_ATTEMPTS',
  outboxRetentionSeconds: 'VIGIL_OUTBOX_RETENTION_SECONDS',
  apiReadCacheBytes: 'VIGIL_API_READ_CACHE_BYTES',
  apiReadCacheStaleMs: 'VIGIL_API_READ_CACHE_STALE_MS',
  dbStatementTimeoutMs: 'VIGIL_DB_STATEMENT_TIMEOUT_MS',
  dbIdleInTransactionTimeoutMs: 'VIGIL_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  /** Tests only: makes a failure reproducible (see apps/monitor). */
  faultInjection: 'VIGIL_FAULT_INJECTION',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
