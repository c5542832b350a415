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
  /** Size of the original value in bytes (the whole value, also when `valueBase64` was truncated). */
  valueBytes?: number;
  /** sha256 (hex) of the original value bytes, to check a value or find the record in `dead_letters`. */
  valueSha256?: string;
  /**
   * Set when `valueBase64` holds only the first bytes of the value because the whole record would exceed
   * the transport limit (README "Limits"); the `dead_letters` table keeps every byte.
   */
  valueTruncated?: true;
  /** For a `conflict` on a reused CloudEvent id: the stored event that owns the id (left unchanged). */
  conflictsWith?: StoredEventPosition;
}

/** Where an event sits in the event store. */
export interface StoredEventPosition {
  eventId: string;
  globalPosition: string;
  streamId: string;
  streamPosition: number;
}
