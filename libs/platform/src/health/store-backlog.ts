import { DataSource, EntityManager } from 'typeorm';
import { MonitorInstanceFigures } from './readiness-verdict';

type Sql = Pick<DataSource | EntityManager, 'query'>;

export interface WatchedReader {
  name: string;
  /**
   * The types the reader handles, when its checkpoint does not move past the other ones; without it the
   * oldest unprocessed event is the first one after the checkpoint: one lookup on events_commit_order.
   */
  eventTypes?: readonly string[];
}

export interface ReaderBacklog {
  name: string;
  /** Positions between the reader's checkpoint and the newest event (max via the primary key). */
  backlogPositions: number;
  oldestUnprocessedAtMs: number | null;
}

/** Cheap figures for one reader: index lookups only, never a count over the store. */
export async function readerBacklog(sql: Sql, reader: WatchedReader): Promise<ReaderBacklog> {
  const [row] = await sql.query(
    `select (select max(global_position) from events)::text as head,
            coalesce(c.global_position, 0)::text as position,
            (select e.recorded_at from events e
              where (e.transaction_id, e.global_position) > (coalesce(c.transaction_id, '0'::xid8), coalesce(c.global_position, 0))
                and ($2::text[] is null or e.type = any($2::text[]))
              order by e.transaction_id, e.global_position limit 1) as oldest
     from (select 1) one left join checkpoints c on c.name = $1`,
    [reader.name, reader.eventTypes ? [...reader.eventTypes] : null],
  );
  return {
    name: reader.name,
    backlogPositions: Math.max(0, Number(row.head ?? 0) - Number(row.position)),
    oldestUnprocessedAtMs: row.oldest ? new Date(row.oldest).getTime() : null,
  };
}

export interface MonitorInstanceRow extends MonitorInstanceFigures {
  host: string;
  pid: number;
  consumerRestarts: number;
  lastBatchAtMs: number | null;
  eventsStored: number;
  eventsDuplicate: number;
  deadLetters: number;
}

/** A monitor_instances row as pg returns it: timestamps as Date, the bigint counters as text. */
interface MonitorInstanceDbRow {
  instance_id: string;
  host: string;
  pid: number;
  heartbeat_at: Date;
  consumer_state: MonitorInstanceRow['consumerState'];
  consumer_error: MonitorInstanceRow['consumerError'];
  consumer_restarts: number;
  last_batch_at: Date | null;
  events_stored: string;
  events_duplicate: string;
  dead_letters: string;
  stopped_at: Date | null;
}

/** Status rows of monitors that reported in the last day (older ones cannot change a verdict). */
export async function monitorInstances(sql: Sql): Promise<MonitorInstanceRow[]> {
  const rows: MonitorInstanceDbRow[] = await sql.query(
    `select instance_id, host, pid, heartbeat_at, consumer_state, consumer_error, consumer_restarts, last_batch_at,
            events_stored::text, events_duplicate::text, dead_letters::text, stopped_at
     from monitor_instances where heartbeat_at > now() - interval '1 day' order by heartbeat_at desc`,
  );
  return rows.map((r) => ({
    instanceId: r.instance_id,
    host: r.host,
    pid: r.pid,
    heartbeatAtMs: new Date(r.heartbeat_at).getTime(),
    consumerState: r.consumer_state,
    consumerError: r.consumer_error,
    consumerRestarts: r.consumer_restarts,
    lastBatchAtMs: r.last_batch_at ? new Date(r.last_batch_at).getTime() : null,
    eventsStored: Number(r.events_stored),
    eventsDuplicate: Number(r.events_duplicate),
    deadLetters: Number(r.dead_letters),
    stoppedAtMs: r.stopped_at ? new Date(r.stopped_at).getTime() : null,
  }));
}

/** Totals over every status row ever written: monotonic counters whichever instance did the work. */
export async function monitorCounterTotals(
  sql: Sql,
): Promise<{ eventsStored: number; eventsDuplicate: number; deadLetters: number; consumerRestarts: number; instances: number }> {
  const [row] = await sql.query(
    `select coalesce(sum(events_stored), 0)::text as stored, coalesce(sum(events_duplicate), 0)::text as duplicate,
            coalesce(sum(dead_letters), 0)::text as dead, coalesce(sum(consumer_restarts), 0)::text as restarts, count(*)::int as instances
     from monitor_instances`,
  );
  return {
    eventsStored: Number(row.stored),
    eventsDuplicate: Number(row.duplicate),
    deadLetters: Number(row.dead),
    consumerRestarts: Number(row.restarts),
    instances: row.instances,
  };
}
