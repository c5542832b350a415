/** Default Kafka topic names (SPEC §2, §5). Every app reads the configured names through platform config. */
export const DEFAULT_TOPICS = {
  visits: 'clinical.visits.v1',
  adverseEvents: 'clinical.adverse-events.v1',
  deadLetter: 'clinical.dead-letter.v1',
  notifications: 'safety.notifications.v1',
} as const;

export type TopicRole = keyof typeof DEFAULT_TOPICS;
export type TopicNames = Record<TopicRole, string>;
