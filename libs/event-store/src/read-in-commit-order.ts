import { CommitPosition, Sql, StoredEvent, STORED_EVENT_COLUMNS } from './stored-event';

/**
 * The next events after `after` (and up to `until`, when given), in commit order. Only transactions older
 * than the oldest one still running are visible to this read: a lower global_position can commit after a
 * higher one, and a reader that moved past it would skip it forever.
 */
export async function readInCommitOrder(
  sql: Sql,
  after: CommitPosition,
  limit: number,
  types?: readonly string[],
  until?: CommitPosition,
): Promise<StoredEvent[]> {
  const rows = await sql.query(
    `select ${STORED_EVENT_COLUMNS} from events
     where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
       and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       and ($4::text[] is null or type = any($4::text[]))
       and ($5::text is null or (transaction_id, global_position) <= ($5::text::xid8, $6::bigint))
     order by transaction_id, global_position
     limit $3`,
    [
      after.transactionId,
      after.globalPosition,
      limit,
      types ? [...types] : null,
      until?.transactionId ?? null,
      until?.globalPosition ?? null,
    ],
  );
  return rows as StoredEvent[];
}

export function positionOf(event: StoredEvent): CommitPosition {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}
