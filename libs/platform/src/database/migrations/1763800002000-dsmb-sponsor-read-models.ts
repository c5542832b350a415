import { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of the DSMB and sponsor API. Each is a projection of the store and can be rebuilt from it. */
export class DsmbSponsorReadModels1763800002000 implements MigrationInterface {
  name = 'DsmbSponsorReadModels1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table subjects (
        trial_id text not null,
        subject_id text not null,
        site_id text,
        arm text,
        sex text,
        age_years integer,
        enrolled_on date,
        treated_on date,
        product text,
        withdrawn_on date,
        withdrawal_reason text,
        primary key (trial_id, subject_id)
      )`);
    // Every accepted AE version and nullification with its CloudEvent time: the current state, and the
    // state as of any moment, are queries over it.
    await q.query(`
      create table ae_versions (
        trial_id text not null,
        subject_id text not null,
        ae_id text not null,
        version integer not null,
        kind text not null check (kind in ('report', 'nullification')),
        event_id text not null,
        event_time timestamptz not null,
        data jsonb not null,
        primary key (trial_id, ae_id, version, kind)
      )`);
    await q.query(`create index ae_versions_subject on ae_versions (trial_id, subject_id)`);
    await q.query(`
      create table timeline_entries (
        event_id text primary key,
        trial_id text not null,
        subject_id text not null,
        global_position bigint not null,
        type text not null,
        event_time timestamptz not null,
        occurred_on date,
        data jsonb not null
      )`);
    await q.query(`create index timeline_entries_subject on timeline_entries (trial_id, subject_id)`);
    await q.query(`
      create table alert_versions (
        alert_id text not null,
        version integer not null,
        trial_id text not null,
        at timestamptz not null,
        alert jsonb not null,
        primary key (alert_id, version)
      )`);
    await q.query(`create index alert_versions_trial on alert_versions (trial_id, at)`);
    // The sponsor feed in commit order: `seq` is assigned by the single projection writer, so a cursor
    // never skips a notification committed late.
    await q.query(`
      create table notifications (
        seq bigint primary key,
        trial_id text not null,
        event_id text not null unique,
        type text not null,
        event_time timestamptz not null,
        cloud_event jsonb not null
      )`);
    await q.query(`create index notifications_trial on notifications (trial_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'alert_versions', 'timeline_entries', 'ae_versions', 'subjects']) {
      await q.query(`drop table ${table}`);
    }
  }
}
