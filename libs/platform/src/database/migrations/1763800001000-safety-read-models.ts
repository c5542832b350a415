import { MigrationInterface, QueryRunner } from 'typeorm';

/** Derived state: every table here can be dropped and rebuilt from the event store. */
export class SafetyReadModels1763800001000 implements MigrationInterface {
  name = 'SafetyReadModels1763800001000';

  async up(q: QueryRunner): Promise<void> {
    // The rules engine's working memory: one row per scope (trial, subject), evolved in commit order.
    await q.query(`
      create table rule_state (
        scope text primary key,
        state jsonb not null,
        -- when the clock must next look at this scope (a visit becomes overdue); null = not before new events
        wake_at date,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create index rule_state_wake on rule_state (wake_at) where wake_at is not null`);
    await q.query(`
      create table alerts (
        alert_id text primary key,
        trial_id text not null,
        kind text not null,
        subject_id text,
        ae_id text,
        visit_code text,
        status text not null,
        severity text not null,
        reasons text[] not null,
        title text not null,
        raised_at timestamptz not null,
        updated_at timestamptz not null,
        due_by timestamptz,
        evidence jsonb not null,
        version integer not null,
        history jsonb not null,
        list_position bigint not null
      )`);
    await q.query(`create index alerts_trial_listing on alerts (trial_id, list_position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table alerts`);
    await q.query(`drop table rule_state`);
  }
}
