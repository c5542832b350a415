import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per monitor process, rewritten every few seconds: the API's proof that a monitor is alive, what
 * its Kafka consumer is doing, and its counters (kept in-process, summed here, so /metrics never scans
 * the event store). A dead process's row stays, with its last heartbeat and its final counts.
 */
export class MonitorStatus1763800003000 implements MigrationInterface {
  name = 'MonitorStatus1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table monitor_instances (
        instance_id text primary key,
        host text not null,
        pid integer not null,
        started_at timestamptz not null,
        heartbeat_at timestamptz not null,
        consumer_state text not null,
        consumer_error text,
        consumer_restarts integer not null default 0,
        last_batch_at timestamptz,
        events_stored bigint not null default 0,
        events_duplicate bigint not null default 0,
        dead_letters bigint not null default 0,
        stopped_at timestamptz
      )`);
    await q.query(`create index monitor_instances_heartbeat on monitor_instances (heartbeat_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table monitor_instances`);
  }
}
