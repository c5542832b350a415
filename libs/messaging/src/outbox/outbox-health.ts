interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own signature; callers type the rows they read
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

export interface OutboxHealth {
  /** Rows waiting to be published (parked rows excluded: they wait for a person, not for the relay). */
  pending: number;
  /** Rows the relay gave up on after bounded retries; each keeps its `last_error`. */
  parked: number;
  /** When the oldest pending row was committed, or null when nothing is pending. */
  oldestPendingAt: string | null;
}

/** For /health and /metrics: one query, served by the two partial indexes on `outbox`. */
export async function outboxHealth(sql: Sql): Promise<OutboxHealth> {
  const [row] = await sql.query(
    `select (select count(*)::int from outbox where published_at is null and parked_at is null) as pending,
            (select count(*)::int from outbox where published_at is null and parked_at is not null) as parked,
            (select min(created_at) from outbox where published_at is null and parked_at is null) as "oldestPendingAt"`,
  );
  const oldest = row.oldestPendingAt as Date | string | null;
  return { pending: row.pending, parked: row.parked, oldestPendingAt: oldest === null ? null : new Date(oldest).toISOString() };
}

export interface ParkedOutboxRow {
  id: string;
  topicRole: string;
  messageId: string;
  attempts: number;
  lastError: string | null;
  parkedAt: string;
}

/** The parked rows, oldest first, with why they were parked (for readiness details and operators). */
export async function parkedOutboxRows(sql: Sql, limit = 20): Promise<ParkedOutboxRow[]> {
  const rows = await sql.query(
    `select id::text, topic_role as "topicRole", message_id as "messageId", attempts, last_error as "lastError", parked_at as "parkedAt"
     from outbox where published_at is null and parked_at is not null order by id limit $1`,
    [limit],
  );
  return rows.map((r: ParkedOutboxRow & { parkedAt: Date | string }) => ({ ...r, parkedAt: new Date(r.parkedAt).toISOString() }));
}
