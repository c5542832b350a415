import { MigrationInterface, QueryRunner } from 'typeorm';

/** SQL twin of `idPart` (@vigil/contracts): `%` and `/` percent-encoded. */
const part = (sql: string) => `replace(replace(${sql}, '%', '%25'), '/', '%2F')`;

/**
 * Stream ids joined trial and subject (or AE) ids with `-`, so trial `A-B` + subject `C` and trial `A` +
 * subject `B-C` shared one stream (and one AE version history). They become `subject/<trial>/<subject>`
 * and `ae/<trial>/<aeId>`, each part encoded (`idPart`). The rules' memory keys subjects the same way.
 *
 * Rewritten in place rather than mapped at read time: one format in the store, no reader that must know
 * both. Events are append-only (a trigger refuses UPDATE), so this migration — run by the table's owner —
 * disables that trigger for this one statement and enables it again in the same transaction: DDL is
 * transactional in PostgreSQL, so should anything fail the trigger is back by rollback, and ALTER TABLE's
 * lock keeps every writer off `events` until the commit (migrations run before the apps start anyway). Only `stream_id` changes, computed from
 * the columns each event already carries (trial_id, subject_id, data.aeId). Stream positions stay; a
 * stream that two subjects shared is split with gaps in its positions, and `streams.version` is the
 * highest position, so the next append goes after it.
 */
export class UnambiguousStreamIds1763800008000 implements MigrationInterface {
  name = 'UnambiguousStreamIds1763800008000';

  async up(q: QueryRunner): Promise<void> {
    // A rewrite of every input event: longer than the apps' statement timeout on a large store.
    await q.query(`set local statement_timeout = 0`);
    await this.rewrite(
      q,
      `case when type like 'adverse-event.%' then 'ae/' || ${part('trial_id')} || '/' || ${part(`data->>'aeId'`)}
            else 'subject/' || ${part('trial_id')} || '/' || ${part('subject_id')} end`,
      `(type like 'adverse-event.%' and stream_id = 'ae-' || trial_id || '-' || (data->>'aeId'))
         or (type not like 'adverse-event.%' and stream_id = 'subject-' || trial_id || '-' || subject_id)`,
      [`subject/%`, `ae/%`],
      [`subject-%`, `ae-%`],
    );
    await q.query(
      `update rule_state set scope = 'subject/' || ${part(`state->>'trialId'`)} || '/' || ${part(`state->>'subjectId'`)}
       where scope like 'subject/%' and state->>'trialId' is not null and state->>'subjectId' is not null`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`set local statement_timeout = 0`);
    await this.rewrite(
      q,
      `case when type like 'adverse-event.%' then 'ae-' || trial_id || '-' || (data->>'aeId')
            else 'subject-' || trial_id || '-' || subject_id end`,
      `stream_id like 'subject/%' or stream_id like 'ae/%'`,
      [`subject-%`, `ae-%`],
      [`subject/%`, `ae/%`],
    );
    await q.query(
      `update rule_state set scope = 'subject/' || (state->>'trialId') || '/' || (state->>'subjectId')
       where scope like 'subject/%' and state->>'trialId' is not null and state->>'subjectId' is not null`,
    );
  }

  private async rewrite(q: QueryRunner, newId: string, old: string, newPatterns: string[], oldPatterns: string[]): Promise<void> {
    await q.query(`alter table events disable trigger events_no_update_delete`);
    await q.query(`update events set stream_id = ${newId} where trial_id is not null and (${old})`);
    await q.query(`alter table events enable trigger events_no_update_delete`);
    await q.query(
      `insert into streams (stream_id, version)
       select stream_id, max(stream_position) from events where stream_id like any($1::text[]) group by stream_id
       on conflict (stream_id) do update set version = greatest(streams.version, excluded.version)`,
      [newPatterns],
    );
    await q.query(
      `delete from streams s where s.stream_id like any($1::text[])
         and not exists (select 1 from events e where e.stream_id = s.stream_id)`,
      [oldPatterns],
    );
  }
}
