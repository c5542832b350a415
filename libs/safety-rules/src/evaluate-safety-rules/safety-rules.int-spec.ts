import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { appendEvents, rebuild, resetCheckpoint, StoreSubscription } from '@vigil/event-store';
import { AlertsProjection, NotificationsProjection } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { toNewEvent } from '@vigil/event-store';
import { SafetyRulesReaction } from './safety-rules.reaction';
import { loadTrialRules } from './trial-rules';

const ae = (version: number, patch: Partial<AdverseEventState>, time: string, id: string): InputEvent => ({
  specversion: '1.0',
  id,
  source: 'edc://site/mayo-fl',
  type: version === 1 ? 'adverse-event.reported' : 'adverse-event.updated',
  subject: 'CK-002',
  trialid: 'NCT04410731',
  time,
  data: {
    aeId: 'CK-002-AE-01',
    version,
    term: 'Pneumonia',
    onsetDate: '2021-03-01',
    endDate: null,
    grade: 3,
    serious: false,
    seriousCriteria: [],
    causality: 'unlikely',
    expectedness: 'expected',
    outcome: 'recovering',
    ...patch,
  },
});

interface Announced {
  type: string;
  data: { aeId?: string; version: number; history: { change: string }[] };
}

describe('safety rules and alerts read model (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const origin = { topic: 'clinical.adverse-events.v1', partition: 0, offset: '0' };
  const run = async () => {
    for (const reaction of [new SafetyRulesReaction(loadTrialRules('protocols')), new AlertsProjection(), new NotificationsProjection()]) {
      await new StoreSubscription(ds, reaction, { pollIntervalMs: 10 }).catchUp();
    }
  };
  const snapshot = async () => ({
    alerts: await ds.query(
      `select alert_id, kind, status, severity, reasons, due_by, version, history, evidence from alerts order by alert_id`,
    ),
    alertEvents: await ds.query(`select event_id, type, data from events where type like 'alert.%' order by global_position`),
    outbox: await ds.query(`select message_id, value from outbox where topic_role = 'notifications' order by id`),
  });

  /** The notifications enqueued for one AE's alert, in order. */
  const announcedFor = async (aeId: string): Promise<Announced[]> =>
    (await snapshot()).outbox.map((row: { value: Announced }) => row.value).filter((value: Announced) => value.data.aeId === aeId);

  beforeAll(async () => {
    db = await createTestDatabase('safety_rules');
    ds = db.dataSource;
  });
  afterAll(() => db?.drop());

  it('a serious AE gives exactly one alert, one alert event and one notification', async () => {
    await appendEvents(ds, [
      toNewEvent(ae(1, { seriousCriteria: ['hospitalization'], serious: true }, '2021-03-02T09:00:00Z', 'e-1'), origin),
    ]);
    await run();
    const { alerts, alertEvents, outbox } = await snapshot();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'adverse-event',
      status: 'open',
      severity: 'high',
      reasons: ['SERIOUS', 'SEVERE'],
      version: 1,
    });
    expect(alerts[0].due_by.toISOString()).toBe('2021-03-03T09:00:00.000Z');
    expect(alertEvents.map((e: { type: string }) => e.type)).toEqual(['alert.raised']);
    expect(outbox).toHaveLength(1);
    expect(outbox[0].message_id).toBe(alertEvents[0].event_id);
    expect(outbox[0].value).toMatchObject({ type: 'alert.raised', trialid: 'NCT04410731', data: { aeId: 'CK-002-AE-01' } });
  });

  it("a death follow-up escalates the same alert to critical and fires the protocol's death stopping rule", async () => {
    const v2 = ae(
      2,
      { seriousCriteria: ['hospitalization', 'death'], serious: true, outcome: 'fatal', grade: 5 },
      '2021-03-05T09:00:00Z',
      'e-2',
    );
    await appendEvents(ds, [toNewEvent(v2, origin)]);
    await run();
    await run();
    const { alerts, alertEvents, outbox } = await snapshot();
    const byKind = (kind: string) => alerts.filter((a: { kind: string }) => a.kind === kind);
    expect(byKind('adverse-event')).toHaveLength(1);
    expect(byKind('adverse-event')[0]).toMatchObject({ severity: 'critical', reasons: ['SERIOUS', 'FATAL', 'SEVERE'], version: 2 });
    expect(byKind('stopping-rule')).toHaveLength(1);
    expect(byKind('stopping-rule')[0]).toMatchObject({ severity: 'critical', reasons: ['STOPPING_RULE'] });
    expect(alertEvents.map((e: { type: string }) => e.type)).toEqual(['alert.raised', 'alert.escalated', 'alert.raised']);
    expect(outbox).toHaveLength(3);
  });

  it('dropping the rules memory and the read model and replaying gives the same alerts and no new events', async () => {
    const live = await snapshot();
    await ds.query(`delete from rule_state`);
    await ds.query(`delete from alerts`);
    await resetCheckpoint(ds, 'safety-rules');
    await resetCheckpoint(ds, 'alerts');
    await run();
    expect(await snapshot()).toEqual(live);
  });

  it('rebuild() of the rules memory and of the alerts read model reports equality and appends nothing', async () => {
    const before = await snapshot();
    for (const reaction of [new SafetyRulesReaction(loadTrialRules('protocols')), new AlertsProjection()]) {
      const progress: number[] = [];
      const report = await rebuild(ds, reaction, { onProgress: (handled) => void progress.push(handled) });
      expect(report).toMatchObject({ name: reaction.name, equal: true });
      expect(report.events).toBeGreaterThan(0);
      expect(progress[progress.length - 1]).toBe(report.events);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('the sponsor feed is built from the store: with every outbox row pruned, its rebuild is equal and appends nothing', async () => {
    const feed = await ds.query(`select seq, event_id, cloud_event from notifications order by seq`);
    expect(feed).toHaveLength(3);
    await ds.query(`delete from outbox`);
    const report = await rebuild(ds, new NotificationsProjection());
    expect(report).toMatchObject({ name: 'notifications', equal: true });
    expect(await ds.query(`select seq, event_id, cloud_event from notifications order by seq`)).toEqual(feed);
  });

  it('rebuild() finds and rolls back a read model that was tampered with', async () => {
    const aeAlert = `select severity from alerts where kind = 'adverse-event'`;
    await ds.query(`update alerts set severity = 'low' where kind = 'adverse-event'`);
    const report = await rebuild(ds, new AlertsProjection());
    expect(report.equal).toBe(false);
    expect(report.difference).toMatch(/severity/);
    expect(await ds.query(aeAlert)).toEqual([{ severity: 'low' }]);
    await rebuild(ds, new AlertsProjection(), { keepIfDifferent: true });
    expect(await ds.query(aeAlert)).toEqual([{ severity: 'critical' }]);
  });
  it('an AE reported and escalated before the rules read either: both announced, the escalation with the raise in its history', async () => {
    const other = (event: InputEvent): InputEvent => ({ ...event, subject: 'CK-003' });
    await appendEvents(ds, [
      toNewEvent(
        other(ae(1, { aeId: 'CK-003-AE-01', serious: true, seriousCriteria: ['hospitalization'] }, '2021-04-01T09:00:00Z', 'e-31')),
        origin,
      ),
      toNewEvent(
        other(
          ae(
            2,
            { aeId: 'CK-003-AE-01', serious: true, seriousCriteria: ['hospitalization', 'death'], outcome: 'fatal', grade: 5 },
            '2021-04-02T09:00:00Z',
            'e-32',
          ),
        ),
        origin,
      ),
    ]);
    await run();
    const announced = await announcedFor('CK-003-AE-01');
    expect(announced.map((value) => value.type)).toEqual(['alert.raised', 'alert.escalated']);
    expect(announced[1].data).toMatchObject({ version: 2, severity: 'critical' });
    expect(announced[1].data.history.map((entry) => entry.change)).toEqual(['alert.raised', 'alert.escalated']);
    const [alert] = await ds.query(`select version, history from alerts where ae_id = 'CK-003-AE-01'`);
    expect(alert.version).toBe(2);
    expect(alert.history).toEqual(announced[1].data.history);
  });
  it('with the rules memory dropped, a follow-up replayed in the same page as the old changes is announced with the whole history', async () => {
    await ds.query(`delete from rule_state`);
    await resetCheckpoint(ds, 'safety-rules');
    const recovered = {
      ...ae(3, { aeId: 'CK-003-AE-01', grade: 1, outcome: 'recovered' }, '2021-04-20T09:00:00Z', 'e-33'),
      subject: 'CK-003',
    };
    await appendEvents(ds, [toNewEvent(recovered, origin)]);
    await run();
    const announced = await announcedFor('CK-003-AE-01');
    expect(announced.map((value) => value.type)).toEqual(['alert.raised', 'alert.escalated', 'alert.withdrawn']);
    expect(announced[2].data.version).toBe(3);
    expect(announced[2].data.history.map((entry) => entry.change)).toEqual(['alert.raised', 'alert.escalated', 'alert.withdrawn']);
  });
});
