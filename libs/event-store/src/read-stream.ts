import { Sql, StoredEvent, STORED_EVENT_COLUMNS } from './stored-event';

/** Every event of the given streams, each stream in its own order. */
export async function readStreams(sql: Sql, streamIds: string[]): Promise<StoredEvent[]> {
  if (streamIds.length === 0) return [];
  return (await sql.query(
    // One index range per stream (lateral): with `stream_id = any(…)` over a few hundred streams the planner
    // drifted to plans whose cost grew with the store.
    `select ${STORED_EVENT_COLUMNS} from unnest($1::text[]) as w(wanted_stream)
     cross join lateral (select * from events e where e.stream_id = w.wanted_stream order by e.stream_position) e
     order by e.stream_id, e.stream_position`,
    [streamIds],
  )) as StoredEvent[];
}
