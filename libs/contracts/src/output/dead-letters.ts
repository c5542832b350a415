/** A record on `clinical.dead-letter.v1`: enough for a person to find, understand and replay the message. */
export const DEAD_LETTER_CLASSES = ['not-json', 'not-cloudevent', 'unknown-type', 'schema', 'conflict'] as const;
export type DeadLetterClass = (typeof DEAD_LETTER_CLASSES)[number];

export interface DeadLetterRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The original message value, base64 so that non-UTF-8 bytes survive. */
  valueBase64: string;
  errorClass: DeadLetterClass;
  reason: string;
  eventId?: string;
  trialId?: string;
  receivedAt: string;
}
