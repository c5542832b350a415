import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rules' memory of a stopping rule moved (issue 7, "flat"): each subject keeps its own qualifying AEs
 * and the trial only a count and the most recent subjects, where it used to hold every qualifying subject.
 * The old memory cannot be split without the events, so the rules read the store again from the start.
 * Alert-change ids are deterministic: the replay re-appends nothing and notifies nobody twice.
 */
export class StoppingRulesPerSubject1763800006000 implements MigrationInterface {
  name = 'StoppingRulesPerSubject1763800006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`delete from rule_state`);
    await q.query(`update checkpoints set transaction_id = '0'::xid8, global_position = 0, updated_at = now() where name = 'safety-rules'`);
  }

  /** An older release finds no memory and replays the store the same way. */
  async down(q: QueryRunner): Promise<void> {
    await this.up(q);
  }
}
