export * from './kafka/kafka-client';
export * from './kafka/ensure-topics';
export * from './consumer/durable-batch-consumer';
export * from './outbox/outbox-message';
export * from './outbox/outbox-relay';
export * from './outbox/alert-notification';
export * from './kafka/consumer-lag';
