import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stores each fact once (issue 7, "lean storage"): the timeline keeps where and when an entry happened,
 * and reads the body from the event store by event id instead of a copy; the rules' memory is `json`
 * (written and read whole, never queried inside, so jsonb's parse on every write bought nothing); the
 * per-trial index on `events` served no query and cost a write on every append; an alert's versions keep
 * no copy of its history (the `alerts` row has it, every entry numbered by version).
 */
export class LeanStore1763800005000 implements MigrationInterface {
  name = 'LeanStore1763800005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table timeline_entries drop column data`);
    await q.query(`alter table rule_state alter column state type json using state::json`);
    // Rewritten on every page the rules read: lz4 compresses at a fraction of pglz's CPU.
    await q.query(`alter table rule_state alter column state set compression lz4`);
    await q.query(`drop index events_trial`);
    // Versions keep no copy of the history: readers take it from the `alerts` row (alertVersionWithHistory).
    await q.query(`update alert_versions set alert = jsonb_set(alert, '{history}', '[]'::jsonb)`);
  }

  /** The histories of `alert_versions` come back with `rebuild alert-versions` after an older release reinstalls. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`create index events_trial on events (trial_id, global_position)`);
    await q.query(`alter table rule_state alter column state type jsonb using state::jsonb`);
    await q.query(`alter table timeline_entries add column data jsonb`);
    await q.query(`update timeline_entries t set data = e.data from events e where e.event_id = t.event_id`);
    await q.query(`alter table timeline_entries alter column data set not null`);
  }
}
