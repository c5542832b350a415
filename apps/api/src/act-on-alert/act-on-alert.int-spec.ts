import { ConflictException } from '@nestjs/common';
import { appendToStream } from '@vigil/event-store';
import { createDataSource, DATABASE_ROLES, roleUrl } from '@vigil/platform';
import { alertStreamId, HumanAction } from '@vigil/safety-domain';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { waitFor } from '../../../../test/support/wait-for';
import { actOnAlert } from './act-on-alert';

/**
 * Acknowledge and close as the API's database role (vigil_api), which may not INSERT into `events`: they go
 * through `vigil_append_alert_action`, with the same optimistic concurrency as before — two people acting
 * at once on one alert: one wins, the other is decided again on the new state and refused (409).
 */
describe('acting on an alert as vigil_api (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: DataSource;
  const trialId = 'NCT04410731';
  const action = (type: HumanAction['type'], by: string): HumanAction => ({
    type,
    by,
    role: 'dsmb',
    comment: `${type} by ${by}`,
    at: '2021-03-01T10:00:00Z',
  });

  const raise = async (alertId: string) => {
    const streamId = alertStreamId(alertId);
    const view = { alertId, trialId, subjectId: 'CK-001', kind: 'adverse-event', severity: 'high', reasons: ['SERIOUS'], evidence: {} };
    await appendToStream(db.dataSource, streamId, 0, [
      {
        eventId: `${alertId}-raised`,
        streamId,
        type: 'alert.raised',
        data: { view, at: '2021-02-01T10:00:00Z', causedBy: ['ae-1'], sequence: 1 },
        eventTime: '2021-02-01T10:00:00Z',
        trialId,
        subjectId: 'CK-001',
      },
    ]);
  };
  const storedChanges = async (alertId: string) =>
    (await db.dataSource.query(`select type, metadata->>'by' as by from events where stream_id = $1 order by stream_position`, [
      alertStreamId(alertId),
    ])) as {
      type: string;
      by: string | null;
    }[];

  beforeAll(async () => {
    db = await createTestDatabase('act_on_alert_roles');
    api = createDataSource(roleUrl(db.url, DATABASE_ROLES.api), 4);
    await api.initialize();
  });
  afterAll(async () => {
    await api?.destroy();
    await db?.drop();
  });

  it('acknowledges and closes, each change with its notification in the outbox', async () => {
    await raise('a1');
    expect(await actOnAlert(api, trialId, 'a1', action('acknowledge', 'dr.lee'))).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(await actOnAlert(api, trialId, 'a1', action('close', 'dr.chair'))).toMatchObject({ status: 'closed', version: 3 });
    expect(await storedChanges('a1')).toEqual([
      { type: 'alert.raised', by: null },
      { type: 'alert.acknowledged', by: 'dr.lee' },
      { type: 'alert.closed', by: 'dr.chair' },
    ]);
    const outbox = await db.dataSource.query(`select message_key, value->>'type' as type from outbox order by id`);
    expect(outbox.map((o: { type: string }) => o.type)).toEqual([expect.stringMatching(/acknowledged/), expect.stringMatching(/closed/)]);
    await expect(actOnAlert(api, trialId, 'a1', action('close', 'dr.lee'))).rejects.toBeInstanceOf(ConflictException);
  });

  it('decides again when the alert changed between its read and its append, and refuses with 409', async () => {
    await raise('a2');
    // Another person's acknowledgement, appended but not yet committed: the API reads version 1 and its
    // append waits on the stream's row; once that commits, the stream is at 2 and the API must decide again.
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await appendToStream(other.manager, alertStreamId('a2'), 1, [
      {
        eventId: 'a2-ack-by-dr-one',
        streamId: alertStreamId('a2'),
        type: 'alert.acknowledged',
        data: { alertId: 'a2', by: 'dr.one', role: 'dsmb', comment: 'first', at: '2021-03-01T09:00:00Z' },
        metadata: { by: 'dr.one', role: 'dsmb' },
        eventTime: '2021-03-01T09:00:00Z',
        trialId,
        subjectId: 'CK-001',
      },
    ]);
    const second = actOnAlert(api, trialId, 'a2', action('acknowledge', 'dr.two')).then(
      (alert) => ({ alert }),
      (error: unknown) => ({ error }),
    );
    await waitFor('the API to wait on the alert stream', async () => {
      const [row] = await db.dataSource.query(
        `select count(*)::int as n from pg_stat_activity where usename = 'vigil_api' and datname = current_database() and wait_event_type = 'Lock'`,
      );
      return row.n > 0;
    });
    await other.commitTransaction();
    await other.release();
    const outcome = await second;
    expect('error' in outcome && outcome.error).toBeInstanceOf(ConflictException);
    expect((outcome as { error: ConflictException }).error.getStatus()).toBe(409);
    expect(await storedChanges('a2')).toEqual([
      { type: 'alert.raised', by: null },
      { type: 'alert.acknowledged', by: 'dr.one' },
    ]);
  });
});
