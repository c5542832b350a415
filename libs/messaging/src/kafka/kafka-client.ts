import { Kafka, logLevel as KafkaLogLevel } from 'kafkajs';

// Every producer here uses kafkajs 2's default partitioner (murmur2, like Java clients) on purpose.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** The one place kafkajs clients are made; everything Kafka-specific stays behind @vigil/messaging. */
export function createKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: KafkaLogLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    connectionTimeout: 5000,
  });
}
