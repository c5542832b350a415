import { CommitPosition, Sql, START } from './stored-event';

/**
 * Takes the checkpoint row of a reader for the rest of the transaction, or returns null when another
 * instance holds it. Holding the row is what lets several monitor instances run one reader without racing.
 */
export async function claimCheckpoint(sql: Sql, name: string): Promise<CommitPosition | null> {
  await sql.query(`insert into checkpoints (name) values ($1) on conflict (name) do nothing`, [name]);
  const rows = await sql.query(
    `select transaction_id::text as "transactionId", global_position::text as "globalPosition"
     from checkpoints where name = $1 for update skip locked`,
    [name],
  );
  return rows.length === 0 ? null : (rows[0] as CommitPosition);
}

export async function saveCheckpoint(sql: Sql, name: string, position: CommitPosition): Promise<void> {
  await sql.query(
    `update checkpoints set transaction_id = $2::text::xid8, global_position = $3::bigint, updated_at = now()
     where name = $1`,
    [name, position.transactionId, position.globalPosition],
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
