export * from './kafka/kafka-client';
