import { rootLogger } from '@vigil/platform';
import { Kafka, logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

// Every producer here uses kafkajs 2's default partitioner (murmur2, like Java clients) on purpose.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** The one place kafkajs clients are made; everything Kafka-specific stays behind @vigil/messaging. */
export function createKafka(brokers: string[], clientId: string, logger: Logger = rootLogger()): Kafka {
  return new Kafka({
    clientId,
    brokers,
    // kafkajs's INFO is a line per group join and connection: only worth having when debugging.
    logLevel: logger.isLevelEnabled('debug')
      ? KafkaLogLevel.INFO
      : logger.isLevelEnabled('warn')
        ? KafkaLogLevel.WARN
        : KafkaLogLevel.ERROR,
    logCreator: kafkaLogCreator(logger),
    retry: { initialRetryTime: 200, retries: 8 },
    connectionTimeout: 5000,
  });
}

/** kafkajs lines through the app's pino logger: the same JSON shape, level and destination as every other line. */
export function kafkaLogCreator(logger: Logger) {
  const child = logger.child({ context: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const { message, timestamp: _timestamp, ...fields } = log;
      const entry = { ...fields, namespace };
      switch (level) {
        case KafkaLogLevel.ERROR:
        case KafkaLogLevel.NOTHING:
          child.error(entry, message);
          return;
        case KafkaLogLevel.WARN:
          child.warn(entry, message);
          return;
        case KafkaLogLevel.INFO: // group joins, connections: our debug
        case KafkaLogLevel.DEBUG:
          child.debug(entry, message);
          return;
        default: {
          const unknown: never = level;
          child.warn(entry, `${message} (kafkajs level ${String(unknown)})`);
        }
      }
    };
}
