import { CommitPosition, Sql, START } from './stored-event';

/** The advisory lock that lets one instance at a time run a reader (or rebuild it). */
export const READER_LOCK = `hashtext('vigil:reader:' || name)`;

/** Creates missing checkpoint rows (at the start of the store), outside any reader's transaction. */
export async function ensureCheckpoints(sql: Sql, names: string[]): Promise<void> {
  await sql.query(`insert into checkpoints (name) select unnest($1::text[]) on conflict (name) do nothing`, [names]);
}

/**
 * Takes the readers' locks for the rest of the transaction and returns where each stands, or null when
 * another instance holds one of them. Advisory locks, not `select … for update`: a row lock would give
 * the transaction an id while it only reads, and every commit-order reader in the database would wait
 * behind it (NOTES: pg_snapshot_xmin).
 */
export async function claimCheckpoints(sql: Sql, names: string[]): Promise<Map<string, CommitPosition> | null> {
  const rows: ({ name: string; locked: boolean } & CommitPosition)[] = await sql.query(
    `select name, pg_try_advisory_xact_lock(${READER_LOCK}) as locked,
            transaction_id::text as "transactionId", global_position::text as "globalPosition"
     from checkpoints where name = any($1::text[]) order by name`,
    [names],
  );
  if (rows.length < names.length) {
    await ensureCheckpoints(sql, names);
    return null;
  }
  if (rows.some((r) => !r.locked)) return null;
  return new Map(rows.map((r) => [r.name, { transactionId: r.transactionId, globalPosition: r.globalPosition }]));
}

/** Waits for the reader's lock (a live instance finishes its step first), then returns its checkpoint. */
export async function lockCheckpoint(sql: Sql, name: string): Promise<CommitPosition> {
  await ensureCheckpoints(sql, [name]);
  const [row] = await sql.query(
    `select pg_advisory_xact_lock(${READER_LOCK}), transaction_id::text as "transactionId", global_position::text as "globalPosition"
     from checkpoints where name = $1`,
    [name],
  );
  return { transactionId: row.transactionId, globalPosition: row.globalPosition };
}

export async function saveCheckpoint(sql: Sql, name: string | string[], position: CommitPosition): Promise<void> {
  await sql.query(
    `update checkpoints set transaction_id = $2::text::xid8, global_position = $3::bigint, updated_at = now()
     where name = any($1::text[])`,
    [Array.isArray(name) ? name : [name], position.transactionId, position.globalPosition],
  );
}

export async function resetCheckpoint(sql: Sql, name: string): Promise<void> {
  await sql.query(
    `insert into checkpoints (name, transaction_id, global_position) values ($1, $2::text::xid8, $3)
     on conflict (name) do update set transaction_id = excluded.transaction_id,
       global_position = excluded.global_position, updated_at = now()`,
    [name, START.transactionId, START.globalPosition],
  );
}

/** Events of the given types the reader has not handled yet: its lag, for /metrics and "wait until caught up". */
export async function pendingCount(sql: Sql, name: string, types?: readonly string[]): Promise<number> {
  const [row] = await sql.query(
    `select count(*)::int as n from events e
     left join checkpoints c on c.name = $1
     where (e.transaction_id, e.global_position) > (coalesce(c.transaction_id, '0'::xid8), coalesce(c.global_position, 0))
       and ($2::text[] is null or e.type = any($2::text[]))`,
    [name, types ? [...types] : null],
  );
  return row.n;
}
