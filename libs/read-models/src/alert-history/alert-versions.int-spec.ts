import { Alert } from '@vigil/contracts';
import { appendEvents, StoreSubscription } from '@vigil/event-store';
import { alertStreamId } from '@vigil/safety-domain';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { AlertsProjection } from '../alerts/alerts.projection';
import { alertVersionWithHistory, AlertVersionsProjection } from './alert-versions.projection';

/** A stopping rule's alert: raised, then updated subject after subject; what did it say at each version? */
describe('alert versions with their history (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const alertId = 'stopping-rule-1';
  const view = (count: number) => ({
    alertId,
    trialId: 'T-1',
    kind: 'stopping-rule',
    reasons: ['STOPPING_RULE'],
    severity: 'critical',
    title: `rule reached (${count})`,
    evidence: { count },
  });
  const at = (minute: number) => `2021-03-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
  const change = (type: string, n: number) => ({
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    streamId: alertStreamId(alertId),
    type,
    data: { view: view(n), at: at(n), causedBy: `input-${n}`, sequence: 1, ...(type === 'alert.updated' ? { update: n - 1 } : {}) },
    eventTime: at(n),
    trialId: 'T-1',
  });
  const asOfVersion = async (version: number): Promise<Alert> =>
    (
      await ds.query(
        `select ${alertVersionWithHistory()} as alert from alert_versions v join alerts a on a.alert_id = v.alert_id where v.alert_id = $1 and v.version = $2`,
        [alertId, version],
      )
    )[0].alert;

  beforeAll(async () => {
    db = await createTestDatabase('alert_versions');
    ds = db.dataSource;
    await appendEvents(ds, [change('alert.raised', 1), ...[2, 3, 4, 5, 6].map((n) => change('alert.updated', n))]);
    for (const reaction of [new AlertsProjection(), new AlertVersionsProjection()])
      await new StoreSubscription(ds, reaction, { pollIntervalMs: 10 }).catchUp();
  });
  afterAll(() => db?.drop());

  it('the alerts row keeps one entry for the five updates', async () => {
    const [{ history }] = await ds.query(`select history from alerts where alert_id = $1`, [alertId]);
    expect(history.map((h: Alert['history'][number]) => [h.change, h.version, h.updates ?? null])).toEqual([
      ['alert.raised', 1, null],
      ['alert.updated', 6, 5],
    ]);
  });

  it('a version inside the run of updates shows the updates up to it, dated by the last of them', async () => {
    const alert = await asOfVersion(4);
    expect(alert.evidence).toEqual({ count: 4 });
    expect(alert.history).toEqual([
      expect.objectContaining({ change: 'alert.raised', version: 1 }),
      {
        change: 'alert.updated',
        version: 4,
        at: at(4),
        updates: 3,
        from: { at: at(2), version: 2 },
        status: 'open',
        severity: 'critical',
        reasons: ['STOPPING_RULE'],
      },
    ]);
  });

  it('the raised version has no update yet; the latest has all five', async () => {
    expect((await asOfVersion(1)).history.map((h) => h.change)).toEqual(['alert.raised']);
    expect((await asOfVersion(6)).history[1]).toMatchObject({ version: 6, updates: 5, causedBy: 'input-6' });
  });
});
