import { Client } from 'pg';
import { createTestDatabase } from '../../../../test/support/test-database';
import { migrate } from './data-source';
import { DATABASE_ROLES, roleUrl } from './database-roles';

/**
 * What each database role may do (migration 1763800007000), tried with real statements: the monitor and the
 * API connect as roles that do not own the schema, so the append-only trigger on `events` is out of their reach.
 */
describe('database roles (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let monitor: Client;
  let api: Client;
  const PERMISSION_DENIED = '42501';

  const refused = async (client: Client, sql: string, code = PERMISSION_DENIED): Promise<string> => {
    const error = await client.query(sql).then(
      () => undefined,
      (e: { code?: string; message: string }) => e,
    );
    if (!error) throw new Error(`expected "${sql}" to be refused, but it ran`);
    expect({ sql, code: error.code }).toEqual({ sql, code });
    return error.message;
  };
  const appendAction = (client: Client, streamId: string, expectedVersion: number, eventId: string, type = 'alert.acknowledged') =>
    client.query(
      `select event_id, stream_position from vigil_append_alert_action($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10::jsonb)`,
      [
        streamId,
        expectedVersion,
        eventId,
        type,
        '{"by":"dr.chair"}',
        '{"by":"dr.chair"}',
        '2021-03-01T10:00:00Z',
        'T1',
        'S1',
        '{"id":"n"}',
      ],
    );

  beforeAll(async () => {
    db = await createTestDatabase('least_privilege');
    await db.dataSource.query(`
      insert into streams (stream_id, version) values ('alert-a1', 1), ('subject-T1-S1', 1);
      insert into events (event_id, stream_id, stream_position, type, data, event_time, trial_id, subject_id) values
        ('raised-1', 'alert-a1', 1, 'alert.raised', '{}', now(), 'T1', 'S1'),
        ('visit-1', 'subject-T1-S1', 1, 'visit.recorded', '{}', now(), 'T1', 'S1')`);
    monitor = new Client({ connectionString: roleUrl(db.url, DATABASE_ROLES.monitor) });
    api = new Client({ connectionString: roleUrl(db.url, DATABASE_ROLES.api) });
    await Promise.all([monitor.connect(), api.connect()]);
  });
  afterAll(async () => {
    await Promise.all([monitor?.end(), api?.end()]);
    await db?.drop();
  });

  it('connects the apps as roles that are neither superusers nor owners of the schema', async () => {
    const [{ current_user: m, rolsuper: ms }] = (
      await monitor.query(`select current_user, rolsuper from pg_roles where rolname = current_user`)
    ).rows;
    const [{ current_user: a, rolsuper: as }] = (
      await api.query(`select current_user, rolsuper from pg_roles where rolname = current_user`)
    ).rows;
    expect([m, ms, a, as]).toEqual(['vigil_monitor', false, 'vigil_api', false]);
    const owners = await db.dataSource.query(`select distinct tableowner from pg_tables where schemaname = 'public'`);
    expect(owners.map((o: { tableowner: string }) => o.tableowner)).not.toEqual(expect.arrayContaining(['vigil_monitor', 'vigil_api']));
  });

  it('lets the monitor append to and read events, and keep its derived state', async () => {
    await monitor.query(`
      insert into events (event_id, stream_id, stream_position, type, data, event_time)
      values ('visit-2', 'subject-T1-S1', 2, 'visit.recorded', '{}', now()) on conflict (event_id) do nothing`);
    await monitor.query(`update streams set version = 2 where stream_id = 'subject-T1-S1'`);
    expect((await monitor.query(`select count(*)::int as n from events`)).rows).toEqual([{ n: 3 }]);
    await monitor.query(`insert into checkpoints (name) values ('roles-test') on conflict (name) do nothing`);
    await monitor.query(`update checkpoints set global_position = 3 where name = 'roles-test'`);
    await monitor.query(`insert into outbox (topic_role, message_key, message_id, value) values ('notifications', 'T1', 'm1', '{}')`);
    await monitor.query(`update outbox set published_at = now() where message_id = 'm1'`);
    await monitor.query(`delete from outbox where message_id = 'm1'`);
    await monitor.query(`delete from rule_state`);
  });

  it('refuses the monitor any rewrite of events, and the trigger that guards it', async () => {
    expect(await refused(monitor, `update events set type = 'x' where event_id = 'visit-1'`)).toMatch(/permission denied for table events/);
    await refused(monitor, `delete from events where event_id = 'visit-1'`);
    await refused(monitor, `truncate events`);
    expect(await refused(monitor, `drop trigger events_no_update_delete on events`)).toMatch(/must be owner of (table|relation) events/);
    await refused(monitor, `alter table events disable trigger events_no_update_delete`);
    await refused(monitor, `alter table events add column note text`);
    await refused(monitor, `drop table events`);
    await refused(monitor, `create table shadow_events (like events)`);
    await refused(monitor, `set session_replication_role = replica`);
    await refused(monitor, `update schema_migrations set name = 'x'`);
    expect((await db.dataSource.query(`select type from events where event_id = 'visit-1'`)) as unknown[]).toEqual([
      { type: 'visit.recorded' },
    ]);
  });

  it('lets the API read, and refuses it every direct write', async () => {
    expect((await api.query(`select count(*)::int as n from events`)).rows).toEqual([{ n: 3 }]);
    await api.query(`select * from alerts, notifications, subjects, ae_versions, timeline_entries, alert_versions limit 1`);
    expect(
      await refused(
        api,
        `insert into events (event_id, stream_id, stream_position, type, data, event_time) values ('x', 'alert-a1', 2, 'alert.closed', '{}', now())`,
      ),
    ).toMatch(/permission denied for table events/);
    await refused(api, `update streams set version = 9`);
    await refused(api, `delete from events`);
    await refused(api, `truncate events`);
    await refused(api, `update alerts set status = 'closed'`);
    await refused(api, `delete from notifications`);
    await refused(api, `insert into outbox (topic_role, message_key, message_id, value) values ('notifications', 'T1', 'x', '{}')`);
    await refused(api, `update checkpoints set global_position = 0`);
    await refused(api, `drop trigger events_no_update_delete on events`);
  });

  it('lets the API acknowledge or close through the function, at the expected version only', async () => {
    const { rows } = await appendAction(api, 'alert-a1', 1, 'ack-1');
    expect(rows).toEqual([{ event_id: 'ack-1', stream_position: 2 }]);
    const outbox = await db.dataSource.query(`select message_key, message_id, value from outbox where message_id = 'ack-1'`);
    expect(outbox).toEqual([{ message_key: 'T1', message_id: 'ack-1', value: { id: 'n' } }]);
    // A concurrent change moved the stream on: the caller must decide again (the API answers 409 if it no longer applies).
    expect((await appendAction(api, 'alert-a1', 1, 'ack-2')).rows).toEqual([]);
    // Only human actions, only onto an alert's stream.
    await expect(appendAction(api, 'alert-a1', 2, 'raise-2', 'alert.raised')).rejects.toMatchObject({ code: PERMISSION_DENIED });
    await expect(appendAction(api, 'subject-T1-S1', 2, 'ack-3')).rejects.toMatchObject({ code: PERMISSION_DENIED });
    expect(await db.dataSource.query(`select event_id from events where stream_id = 'alert-a1' order by stream_position`)).toEqual([
      { event_id: 'raised-1' },
      { event_id: 'ack-1' },
    ]);
  });

  it('refuses the monitor the function the API appends through', async () => {
    await expect(appendAction(monitor, 'alert-a1', 2, 'ack-4')).rejects.toMatchObject({ code: PERMISSION_DENIED });
  });

  it('lets the owner migrate, again and in parallel databases, whichever created the roles first', async () => {
    expect(await migrate(db.dataSource)).toEqual([]);
    const others = await Promise.all([createTestDatabase('least_privilege_a'), createTestDatabase('least_privilege_b')]);
    try {
      for (const other of others) {
        const client = new Client({ connectionString: roleUrl(other.url, DATABASE_ROLES.api) });
        await client.connect();
        try {
          await refused(client, `delete from events`);
        } finally {
          await client.end();
        }
      }
    } finally {
      await Promise.all(others.map((o) => o.drop()));
    }
  });
});
