import { notifyOnCommit, WAKE_CHANNELS } from '@vigil/platform';
import { columns } from './append-events';
import { ConcurrencyError, NewEvent, Sql, StoredEvent, STORED_EVENT_COLUMNS } from './stored-event';

/**
 * Appends to one stream only if it is still at `expectedVersion` (0 = the stream must not exist yet).
 * Used by decisions taken on a loaded state (e.g. a person acknowledging an alert) that must not be
 * based on a stale view.
 */
export async function appendToStream(sql: Sql, streamId: string, expectedVersion: number, events: NewEvent[]): Promise<StoredEvent[]> {
  if (events.some((e) => e.streamId !== streamId)) throw new Error(`all events must belong to ${streamId}`);
  const n = events.length;
  const bumped =
    expectedVersion === 0
      ? await sql.query(`insert into streams (stream_id, version) values ($1, $2) on conflict (stream_id) do nothing returning version`, [
          streamId,
          n,
        ])
      : await sql.query(
          // Wrapped in a select: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
          `with bumped as (update streams set version = version + $3 where stream_id = $1 and version = $2 returning version)
           select version from bumped`,
          [streamId, expectedVersion, n],
        );
  if (bumped.length === 0) throw new ConcurrencyError(streamId, expectedVersion);
  const rows = await sql.query(
    `insert into events (event_id, stream_id, stream_position, type, data, metadata, event_time, trial_id, subject_id)
     select event_id, stream_id, $9::int + ord::int, type, data, metadata, event_time, trial_id, subject_id
     from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::timestamptz[], $7::text[], $8::text[])
       with ordinality as t(event_id, stream_id, type, data, metadata, event_time, trial_id, subject_id, ord)
     order by ord
     returning ${STORED_EVENT_COLUMNS}`,
    [...columns(events), expectedVersion],
  );
  await notifyOnCommit(sql, WAKE_CHANNELS.events);
  return rows as StoredEvent[];
}
