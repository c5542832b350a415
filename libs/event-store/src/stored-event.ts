/** An event to append. `eventId` is the idempotency key: appending the same id twice stores it once. */
export interface NewEvent<TData = unknown> {
  eventId: string;
  streamId: string;
  type: string;
  data: TData;
  metadata?: Record<string, unknown>;
  /** When the fact happened in the world (CloudEvent `time`); `asOf` queries and clocks use it. */
  eventTime: string;
  trialId?: string;
  subjectId?: string;
}

export interface StoredEvent<TData = unknown> extends Required<Omit<NewEvent<TData>, 'trialId' | 'subjectId'>> {
  globalPosition: string;
  transactionId: string;
  streamPosition: number;
  trialId: string | null;
  subjectId: string | null;
  recordedAt: string;
}

/** Where a reader stands in commit order: the last (transaction, position) it has handled. */
export interface CommitPosition {
  transactionId: string;
  globalPosition: string;
}

export const START: CommitPosition = { transactionId: '0', globalPosition: '0' };

/** Whether `a` comes after `b` in commit order. */
export function isAfter(a: CommitPosition, b: CommitPosition): boolean {
  const [ax, bx] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  return ax > bx || (ax === bx && BigInt(a.globalPosition) > BigInt(b.globalPosition));
}

/** Something that runs SQL: a TypeORM EntityManager, QueryRunner or DataSource. */
export interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own signature; callers type the rows they read
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is no longer at version ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}

const COLUMNS = `global_position::text as "globalPosition", transaction_id::text as "transactionId",
  event_id as "eventId", stream_id as "streamId", stream_position as "streamPosition", type, data, metadata,
  to_char(event_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "eventTime",
  trial_id as "trialId", subject_id as "subjectId", recorded_at as "recordedAt"`;
export const STORED_EVENT_COLUMNS = COLUMNS;
