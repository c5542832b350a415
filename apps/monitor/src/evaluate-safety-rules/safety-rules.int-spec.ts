import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { appendEvents, resetCheckpoint, StoreSubscription } from '@vigil/event-store';
import { AlertsProjection } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { toNewEvent } from '../ingest-clinical-events/input-streams';
import { SafetyRulesReaction } from './safety-rules.reaction';
import { TrialRulesRegistry } from './trial-rules';

const ae = (version: number, patch: Partial<AdverseEventState>, time: string, id: string): InputEvent => ({
  specversion: '1.0',
  id,
  source: 'edc://site/mayo-fl',
  type: version === 1 ? 'adverse-event.reported' : 'adverse-event.updated',
  subject: 'CK-002',
  trialid: 'NCT04410731',
  time,
  data: {
    aeId: 'CK-002-AE-01', version, term: 'Pneumonia', onsetDate: '2021-03-01', endDate: null, grade: 3,
    serious: false, seriousCriteria: [], causality: 'unlikely', expectedness: 'expected', outcome: 'recovering',
    ...patch,
  },
});

describe('safety rules and alerts read model (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const origin = { topic: 'clinical.adverse-events.v1', partition: 0, offset: '0' };
  const run = async () => {
    for (const reaction of [new SafetyRulesReaction(new TrialRulesRegistry()), new AlertsProjection()]) {
      await new StoreSubscription(ds, reaction, { pollIntervalMs: 10 }).catchUp();
    }
  };
  const snapshot = async () => ({
    alerts: await ds.query(`select alert_id, status, severity, reasons, due_by, version, history, evidence from alerts order by alert_id`),
    alertEvents: await ds.query(`select event_id, type, data from events where type like 'alert.%' order by global_position`),
    outbox: await ds.query(`select message_id, value from outbox where topic_role = 'notifications' order by id`),
  });

  beforeAll(async () => {
    db = await createTestDatabase('safety_rules');
    ds = db.dataSource;
  });
  afterAll(() => db?.drop());

  it('a serious AE gives exactly one alert, one alert event and one notification', async () => {
    await appendEvents(ds, [toNewEvent(ae(1, { seriousCriteria: ['hospitalization'], serious: true }, '2021-03-02T09:00:00Z', 'e-1'), origin)]);
    await run();
    const { alerts, alertEvents, outbox } = await snapshot();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'open', severity: 'high', reasons: ['SERIOUS'], version: 1 });
    expect(alerts[0].due_by.toISOString()).toBe('2021-03-03T09:00:00.000Z');
    expect(alertEvents.map((e: { type: string }) => e.type)).toEqual(['alert.raised']);
    expect(outbox).toHaveLength(1);
    expect(outbox[0].message_id).toBe(alertEvents[0].event_id);
    expect(outbox[0].value).toMatchObject({ type: 'alert.raised', trialid: 'NCT04410731', data: { aeId: 'CK-002-AE-01' } });
  });

  it('a death follow-up escalates the same alert to critical; nothing is duplicated', async () => {
    const v2 = ae(2, { seriousCriteria: ['hospitalization', 'death'], serious: true, outcome: 'fatal', grade: 5 }, '2021-03-05T09:00:00Z', 'e-2');
    await appendEvents(ds, [toNewEvent(v2, origin)]);
    await run();
    await run();
    const { alerts, alertEvents, outbox } = await snapshot();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'critical', reasons: ['SERIOUS', 'FATAL'], version: 2 });
    expect(alertEvents.map((e: { type: string }) => e.type)).toEqual(['alert.raised', 'alert.escalated']);
    expect(outbox).toHaveLength(2);
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
});
