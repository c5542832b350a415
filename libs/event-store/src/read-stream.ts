import { Sql, StoredEvent, STORED_EVENT_COLUMNS } from './stored-event';

/** Every event of the given streams, each stream in its own order. */
export async function readStreams(sql: Sql, streamIds: string[]): Promise<StoredEvent[]> {
  if (streamIds.length === 0) return [];
  return (await sql.query(
    `select ${STORED_EVENT_COLUMNS} from events where stream_id = any($1::text[]) order by stream_id, stream_position`,
    [streamIds],
  )) as StoredEvent[];
}
