import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 7, "nothing lost, nothing stuck".
 *
 * Outbox: a row the broker keeps refusing is retried a bounded number of times (`attempts`,
 * `next_attempt_at`, `last_error`) and then parked (`parked_at`): the relay and the pending index skip it,
 * so it can no longer hold back every notification and dead letter behind it.
 *
 * Dead letters: (topic, partition, offset) alone is not a message's identity, since offsets restart when
 * a topic is re-created while the database lives on. `message_sha256` (sha256 of the key and value bytes,
 * framed as in libs/messaging dead-letter digest) joins the key, so only the very same message at the same
 * coordinates counts as a redelivery.
 */
export class NothingLostNothingStuck1763800004000 implements MigrationInterface {
  name = 'NothingLostNothingStuck1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table outbox
        add column attempts integer not null default 0,
        add column next_attempt_at timestamptz,
        add column last_error text,
        add column parked_at timestamptz`);
    await q.query(`drop index outbox_pending`);
    await q.query(`create index outbox_pending on outbox (id) where published_at is null and parked_at is null`);
    await q.query(`create index outbox_parked on outbox (id) where published_at is null and parked_at is not null`);

    await q.query(`alter table dead_letters add column message_sha256 text`);
    // Same framing as messageDigest() in TypeScript: 'n' for no key, else 'k<bytes>:<key>', then the value.
    await q.query(`
      update dead_letters set message_sha256 = encode(sha256(
        case when message_key is null then 'n'::bytea
             else convert_to('k' || octet_length(message_key)::text || ':' || message_key, 'UTF8') end
        || coalesce(value, ''::bytea)), 'hex')`);
    await q.query(`alter table dead_letters alter column message_sha256 set not null`);
    await q.query(`alter table dead_letters drop constraint dead_letters_source_unique`);
    await q.query(`
      alter table dead_letters add constraint dead_letters_message_unique
        unique (topic, partition, "offset", message_sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table dead_letters drop constraint dead_letters_message_unique`);
    // Keeps the first record per coordinates so the old key can be restored.
    await q.query(`
      delete from dead_letters d using dead_letters e
      where d.topic = e.topic and d.partition = e.partition and d."offset" = e."offset" and d.id > e.id`);
    await q.query(`alter table dead_letters add constraint dead_letters_source_unique unique (topic, partition, "offset")`);
    await q.query(`alter table dead_letters drop column message_sha256`);
    await q.query(`drop index outbox_parked`);
    await q.query(`drop index outbox_pending`);
    await q.query(`create index outbox_pending on outbox (id) where published_at is null`);
    await q.query(`alter table outbox drop column attempts, drop column next_attempt_at, drop column last_error, drop column parked_at`);
  }
}
