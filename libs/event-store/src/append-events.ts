import { notifyOnCommit, WAKE_CHANNELS } from '@vigil/platform';
import { NewEvent, Sql, StoredEvent, STORED_EVENT_COLUMNS } from './stored-event';

/**
 * Appends a batch in one statement. Idempotent on `eventId`: events already stored are skipped and
 * only the newly stored ones are returned, so callers announce (outbox) exactly what is new.
 */
export function appendEvents(sql: Sql, events: NewEvent[]): Promise<StoredEvent[]> {
  return appendReturning(sql, events, STORED_EVENT_COLUMNS);
}

/**
 * The same append for callers that only need to know which events were new (ingestion): only their ids
 * come back, and the wake-up is sent in the same statement, which makes the hot path's append about a
 * third cheaper than returning every stored event.
 */
export async function appendEventIds(sql: Sql, events: NewEvent[]): Promise<string[]> {
  const unique = dedupeById(events);
  if (unique.length === 0) return [];
  const [row] = await sql.query(
    `${APPEND} select c.ids from (select coalesce(array_agg(event_id), '{}') as ids from inserted) c
     left join lateral (select pg_notify('${WAKE_CHANNELS.events}', '') where cardinality(c.ids) > 0) woken on true`,
    columns(unique),
  );
  return row.ids;
}

/**
 * The same append for callers that hold what they appended and only need to know which events were new and
 * where each landed in its stream: the bodies they just wrote are not read back and parsed again.
 */
export function appendEventPositions(sql: Sql, events: NewEvent[]): Promise<{ eventId: string; streamPosition: number }[]> {
  return appendReturning(sql, events, `event_id as "eventId", stream_position as "streamPosition"`);
}

/** The newly stored events, in store order, as `returned` selects them from `inserted`; wakes readers when there are any. */
async function appendReturning<T>(sql: Sql, events: NewEvent[], returned: string): Promise<T[]> {
  const unique = dedupeById(events);
  if (unique.length === 0) return [];
  const rows = await sql.query(`${APPEND} select ${returned} from inserted order by global_position`, columns(unique));
  if (rows.length > 0) await notifyOnCommit(sql, WAKE_CHANNELS.events);
  return rows;
}

/** Stream positions are handed out through `streams`, whose row lock orders concurrent appends to one stream. */
const APPEND = `with input as (
    select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::timestamptz[], $7::text[], $8::text[])
      with ordinality as t(event_id, stream_id, type, data, metadata, event_time, trial_id, subject_id, ord)
  ),
  fresh as (
    select i.* from input i where not exists (select 1 from events e where e.event_id = i.event_id)
  ),
  counts as (select stream_id, count(*)::int as n from fresh group by stream_id),
  bumped as (
    insert into streams (stream_id, version) select stream_id, n from counts
    on conflict (stream_id) do update set version = streams.version + excluded.version
    returning stream_id, version
  ),
  numbered as (
    select f.*, b.version - c.n + row_number() over (partition by f.stream_id order by f.ord) as stream_position
    from fresh f join bumped b using (stream_id) join counts c using (stream_id)
  ),
  inserted as (
    insert into events (event_id, stream_id, stream_position, type, data, metadata, event_time, trial_id, subject_id)
    select event_id, stream_id, stream_position, type, data, metadata, event_time, trial_id, subject_id
    from numbered order by ord
    on conflict (event_id) do nothing
    returning *
  )`;

function dedupeById(events: NewEvent[]): NewEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)));
}

export function columns(events: NewEvent[]): unknown[] {
  return [
    events.map((e) => e.eventId),
    events.map((e) => e.streamId),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata ?? {})),
    events.map((e) => e.eventTime),
    events.map((e) => e.trialId ?? null),
    events.map((e) => e.subjectId ?? null),
  ];
}
