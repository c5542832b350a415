import { MigrationInterface, QueryRunner } from 'typeorm';
import { DATABASE_ROLES } from '../database-roles';

const { monitor, api } = DATABASE_ROLES;

/**
 * Least privilege (README "Database roles"). The runner of the migrations (DATABASE_URL) owns every table
 * and the append-only trigger; the apps connect as roles that do not own them, so no statement they send
 * can UPDATE, DELETE or TRUNCATE `events`, alter it or drop its trigger.
 *
 * - vigil_monitor: SELECT and INSERT on `events`; SELECT, INSERT, UPDATE, DELETE on the other tables.
 * - vigil_api: SELECT only, plus EXECUTE on `vigil_append_alert_action`, which appends an acknowledge or
 *   close at the alert stream's expected version (and its notification to the outbox) with the owner's rights;
 *   it returns the stored event, or no row when the stream has moved on.
 *
 * Roles are cluster-wide: they are created here only when missing (tolerating another database's migration
 * creating them at the same moment), so a migrating user without CREATEROLE works once an admin made them.
 * Grants are per database and apply, through default privileges, to tables later migrations create.
 */
export class LeastPrivilege1763800007000 implements MigrationInterface {
  name = 'LeastPrivilege1763800007000';

  async up(q: QueryRunner): Promise<void> {
    for (const role of [monitor, api]) {
      await q.query(`
        do $$ begin
          if not exists (select 1 from pg_roles where rolname = '${role}') then
            begin
              create role ${role} login nosuperuser nocreatedb nocreaterole noinherit;
            exception
              when duplicate_object or unique_violation then null;  -- created concurrently elsewhere
              when insufficient_privilege then
                raise exception 'role ${role} does not exist and % may not create it', current_user
                  using hint = 'create it as an administrator (README "Database roles"), then migrate again';
            end;
          end if;
        end $$`);
    }
    // On PostgreSQL < 15 everyone may create objects in public: a table or function of the same name
    // there could shadow ours for a SECURITY DEFINER function.
    await q.query(`revoke create on schema public from public`);

    await q.query(`grant select, insert, update, delete on all tables in schema public to ${monitor}`);
    await q.query(`revoke update, delete, truncate, references, trigger on events from ${monitor}`);
    await q.query(`revoke insert, update, delete on schema_migrations from ${monitor}`);
    await q.query(`grant usage, select on all sequences in schema public to ${monitor}`);
    await q.query(`grant select on all tables in schema public to ${api}`);
    await q.query(`alter default privileges in schema public grant select, insert, update, delete on tables to ${monitor}`);
    await q.query(`alter default privileges in schema public grant usage, select on sequences to ${monitor}`);
    await q.query(`alter default privileges in schema public grant select on tables to ${api}`);

    // The API's only write: a person's action on an alert, appended at the version it was decided on.
    await q.query(`
      create function vigil_append_alert_action(
        p_stream_id text, p_expected_version integer, p_event_id text, p_type text, p_data jsonb, p_metadata jsonb,
        p_event_time timestamptz, p_trial_id text, p_subject_id text, p_notification jsonb
      ) returns setof public.events
      language plpgsql security definer
      set search_path = pg_catalog, public, pg_temp
      as $$
      begin
        if p_type not in ('alert.acknowledged', 'alert.closed') then
          raise exception 'only alert.acknowledged and alert.closed may be appended here (got %)', p_type
            using errcode = 'insufficient_privilege';
        end if;
        -- Only onto a stream the rules began (with an alert event): never onto a subject's clinical facts.
        if not exists (select 1 from public.events e where e.stream_id = p_stream_id and e.stream_position = 1 and e.type like 'alert.%') then
          raise exception 'only an alert''s stream may be appended to here (got %)', p_stream_id
            using errcode = 'insufficient_privilege';
        end if;
        update public.streams set version = version + 1 where stream_id = p_stream_id and version = p_expected_version;
        if not found then
          return;  -- no longer at the expected version: no row, and the caller decides again
        end if;
        return query
          insert into public.events (event_id, stream_id, stream_position, type, data, metadata, event_time, trial_id, subject_id)
          values (p_event_id, p_stream_id, p_expected_version + 1, p_type, p_data, coalesce(p_metadata, '{}'::jsonb),
                  p_event_time, p_trial_id, p_subject_id)
          returning *;
        insert into public.outbox (topic_role, message_key, message_id, value)
          values ('notifications', p_trial_id, p_event_id, p_notification)
          on conflict (topic_role, message_id) do nothing;
        perform pg_notify('vigil_events', '');
        perform pg_notify('vigil_outbox', '');
      end $$`);
    await q.query(`revoke all on function vigil_append_alert_action from public`);
    await q.query(`grant execute on function vigil_append_alert_action to ${api}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function vigil_append_alert_action`);
    await q.query(`alter default privileges in schema public revoke all on tables from ${monitor}, ${api}`);
    await q.query(`alter default privileges in schema public revoke all on sequences from ${monitor}`);
    await q.query(`revoke all on all tables in schema public from ${monitor}, ${api}`);
    await q.query(`revoke all on all sequences in schema public from ${monitor}`);
  }
}
