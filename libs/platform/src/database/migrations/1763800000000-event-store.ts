import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store. `transaction_id` lets readers follow commit order: a transaction that took a lower
 * `global_position` may commit after one that took a higher one, so readers only take rows whose
 * transaction is older than every transaction still in flight (see read-in-commit-order.ts).
 */
export class EventStore1763800000000 implements MigrationInterface {
  name = 'EventStore1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table events (
        global_position bigserial primary key,
        transaction_id xid8 not null default pg_current_xact_id(),
        event_id text not null,
        stream_id text not null,
        stream_position integer not null,
        type text not null,
        data jsonb not null,
        metadata jsonb not null default '{}'::jsonb,
        event_time timestamptz not null,
        trial_id text,
        subject_id text,
        recorded_at timestamptz not null default now(),
        constraint events_event_id_unique unique (event_id),
        constraint events_stream_position_unique unique (stream_id, stream_position)
      )`);
    await q.query(`create index events_commit_order on events (transaction_id, global_position)`);
    await q.query(`create index events_trial on events (trial_id, global_position)`);
    await q.query(`
      create table streams (
        stream_id text primary key,
        version integer not null
      )`);
    // Append-only in fact, not by convention: the database itself refuses to rewrite history.
    await q.query(`
      create function events_are_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the event store is append-only: % on events is not allowed', tg_op
          using errcode = 'insufficient_privilege';
      end $$`);
    await q.query(`
      create trigger events_no_update_delete before update or delete on events
      for each row execute function events_are_append_only()`);
    await q.query(`
      create trigger events_no_truncate before truncate on events
      for each statement execute function events_are_append_only()`);

    await q.query(`
      create table checkpoints (
        name text primary key,
        transaction_id xid8 not null default '0'::xid8,
        global_position bigint not null default 0,
        updated_at timestamptz not null default now()
      )`);

    await q.query(`
      create table dead_letters (
        id bigserial primary key,
        topic text not null,
        partition integer not null,
        "offset" bigint not null,
        message_key text,
        value bytea,
        error_class text not null,
        reason text not null,
        event_id text,
        trial_id text,
        received_at timestamptz not null default now(),
        constraint dead_letters_source_unique unique (topic, partition, "offset")
      )`);

    // Transactional outbox: written in the same transaction as the fact it announces.
    await q.query(`
      create table outbox (
        id bigserial primary key,
        topic_role text not null,
        message_key text,
        message_id text not null,
        value jsonb not null,
        created_at timestamptz not null default now(),
        published_at timestamptz,
        constraint outbox_message_unique unique (topic_role, message_id)
      )`);
    await q.query(`create index outbox_pending on outbox (id) where published_at is null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table outbox`);
    await q.query(`drop table dead_letters`);
    await q.query(`drop table checkpoints`);
    await q.query(`drop table events`);
    await q.query(`drop function events_are_append_only`);
    await q.query(`drop table streams`);
  }
}
