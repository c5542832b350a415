import { positionOf } from './read-in-commit-order';
import { CommitPosition, Sql, StoredEvent, STORED_EVENT_COLUMNS } from './stored-event';

export interface Page {
  /** The events of the wanted types, in commit order. */
  events: StoredEvent[];
  /** The last event looked at, whatever its type: a reader's checkpoint may move there. */
  scannedTo?: CommitPosition;
  /** How many events were looked at. */
  scanned: number;
}

/**
 * The next `limit` events after `after` in commit order, of every type, with the bodies of the wanted
 * types only. A reader that moves its checkpoint to `scannedTo` never scans the same rows twice: reading
 * only the wanted types would leave the checkpoint at the last wanted event and rescan everything after
 * it on every poll, a cost that grows with the store. Same visibility rule as readInCommitOrder.
 */
export async function readPage(sql: Sql, after: CommitPosition, limit: number, types?: readonly string[]): Promise<Page> {
  const rows: (StoredEvent & { wanted: boolean })[] = await sql.query(
    `with page as (
       select * from events
       where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
         and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       order by transaction_id, global_position
       limit $3
     )
     select ${STORED_EVENT_COLUMNS}, ($4::text[] is null or type = any($4::text[])) as wanted
     from (select global_position, transaction_id, event_id, stream_id, stream_position, type,
             case when $4::text[] is null or type = any($4::text[]) then data end as data,
             case when $4::text[] is null or type = any($4::text[]) then metadata end as metadata,
             event_time, trial_id, subject_id, recorded_at from page) p
     order by transaction_id, global_position`,
    [after.transactionId, after.globalPosition, limit, types ? [...types] : null],
  );
  const last = rows[rows.length - 1];
  const scannedTo = last ? positionOf(last) : undefined;
  return { events: rows.filter((r) => r.wanted).map(({ wanted: _w, ...event }) => event), scannedTo, scanned: rows.length };
}
