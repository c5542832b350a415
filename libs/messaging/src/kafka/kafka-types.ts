// The kafkajs message shapes other code handles, re-exported so that kafkajs itself is imported only here,
// inside @vigil/messaging (enforced by .dependency-cruiser.cjs).
export type { KafkaMessage, Message as OutgoingMessage, ProducerBatch } from 'kafkajs';
