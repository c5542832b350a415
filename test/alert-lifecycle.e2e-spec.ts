import type { Alert, AlertNotification, DeadLetterRecord } from '@vigil/contracts';
import { asMessage, CELLKINE_TRIAL, cellKine, cloudEvent, InputCloudEvent } from './support/cellkine-events';
import { notificationBarrier } from './support/barrier';
import { Collector, useE2eRun } from './support/e2e-harness';

/**
 * SPEC §4 lifecycle through the real broker and the built apps: escalation re-opens an acknowledged alert,
 * a downgrade keeps history and status, nullification withdraws, late lower versions change nothing,
 * conflicting versions are dead letters, and a stopping rule counts distinct subjects.
 */
describe('alert lifecycle end to end', () => {
  const run = useE2eRun('alert-lifecycle');
  let notifications: Collector;
  let deadLetters: Collector;
  let dsmb: string;

  beforeAll(async () => {
    [notifications, deadLetters] = await Promise.all([run.collect('notifications'), run.collect('deadLetter')]);
    await Promise.all([run.startMonitor(), run.startApi()]);
    dsmb = await run.mintToken({ role: 'dsmb', trials: [CELLKINE_TRIAL] });
  });

  const send = (...events: InputCloudEvent<unknown>[]) => run.produce('adverseEvents', events.map(asMessage));
  const sendVisits = (...events: InputCloudEvent<unknown>[]) => run.produce('visits', events.map(asMessage));

  /** The AE's alert once its version `version` reached the read model. */
  const alertOfAe = (aeId: string, version: number) =>
    run.waitFor(`alert of ${aeId} at evidence version ${version}`, async () => {
      const [row] = await run.sql<{ alert_id: string }>(
        `select alert_id from alerts where ae_id = $1 and (evidence->>'aeVersion')::int = $2`,
        [aeId, version],
      );
      if (!row) return undefined;
      const response = await run.http(`/api/trials/${CELLKINE_TRIAL}/alerts/${row.alert_id}`, { token: dsmb });
      return response.status === 200 ? (response.body as Alert) : undefined;
    });
  const changesOf = (alert: Alert) => alert.history.map((h) => h.change);
  const notified = (alertId: string) => notifications.messages.map((m) => m.json<AlertNotification>()).filter((n) => n.subject === alertId);

  const ae = (subject: string, aeId: string, version: number, patch: Record<string, unknown>, day: string) =>
    cellKine.adverseEvent(subject, aeId, { version, onsetDate: '2021-02-01', ...patch }, { time: `2021-02-${day}T10:00:00Z` });
  const relatedMild = { term: 'Injection site pain', grade: 2, causality: 'possibly', expectedness: 'expected' };
  const relatedSerious = { ...relatedMild, serious: true, seriousCriteria: ['hospitalization'] };

  it('escalation re-opens an acknowledged alert; a downgrade keeps its status and history; nullification withdraws', async () => {
    await send(ae('CK-101', 'CK-101-AE-01', 1, relatedMild, '02'));
    const raised = await alertOfAe('CK-101-AE-01', 1);
    expect(raised).toMatchObject({ reasons: ['RELATED'], severity: 'medium', status: 'open' });

    const ack = await run.http(`/api/trials/${CELLKINE_TRIAL}/alerts/${raised.alertId}/acknowledge`, {
      token: dsmb,
      method: 'POST',
      body: { comment: 'Reviewed at the weekly DSMB call' },
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged' });

    await send(ae('CK-101', 'CK-101-AE-01', 2, relatedSerious, '04'));
    const escalated = await alertOfAe('CK-101-AE-01', 2);
    expect(escalated).toMatchObject({ alertId: raised.alertId, status: 'open', severity: 'high', reasons: ['SERIOUS', 'RELATED'] });
    expect(escalated.dueBy).toBe('2021-02-05T10:00:00.000Z');

    await send(ae('CK-101', 'CK-101-AE-01', 3, relatedMild, '06'));
    const downgraded = await alertOfAe('CK-101-AE-01', 3);
    expect(downgraded).toMatchObject({ status: 'open', severity: 'medium', reasons: ['RELATED'] });
    expect(downgraded.dueBy).toBeUndefined();

    await send(
      cloudEvent(
        'adverse-event.nullified',
        'CK-101',
        { aeId: 'CK-101-AE-01', version: 4, reason: 'entered for the wrong subject' },
        { time: '2021-02-07T10:00:00Z' },
      ),
    );
    const withdrawn = await run.waitFor('the alert to be withdrawn', async () => {
      const response = await run.http(`/api/trials/${CELLKINE_TRIAL}/alerts/${raised.alertId}`, { token: dsmb });
      return response.body?.status === 'withdrawn' ? (response.body as Alert) : undefined;
    });
    expect(changesOf(withdrawn)).toEqual(['alert.raised', 'alert.acknowledged', 'alert.escalated', 'alert.downgraded', 'alert.withdrawn']);
    expect(withdrawn.history[1]).toMatchObject({ by: expect.any(String), comment: 'Reviewed at the weekly DSMB call' });
    expect(withdrawn.history[4].comment).toMatch(/wrong subject/);

    await notificationBarrier(run, notifications, 'CK-101'); // a sixth notification would have come before it
    expect(notified(raised.alertId).map((n) => n.type)).toEqual(changesOf(withdrawn));
    const refused = await run.http(`/api/trials/${CELLKINE_TRIAL}/alerts/${raised.alertId}/close`, {
      token: dsmb,
      method: 'POST',
      body: { comment: 'x' },
    });
    expect(refused.status).toBe(409);
  });

  it('a lower version arriving after a higher one changes nothing; a re-delivery changes nothing', async () => {
    const v2 = ae('CK-102', 'CK-102-AE-01', 2, relatedSerious, '10');
    const v1 = ae('CK-102', 'CK-102-AE-01', 1, relatedMild, '09');
    await send(v2);
    const alert = await alertOfAe('CK-102-AE-01', 2);
    await send(v1, v2);
    await notificationBarrier(run, notifications, 'CK-102'); // v1 and the re-delivered v2 have been handled
    expect(await run.sql(`select 1 from events where event_id = $1`, [v1.id])).toHaveLength(1);
    const after = (await run.http(`/api/trials/${CELLKINE_TRIAL}/alerts/${alert.alertId}`, { token: dsmb })).body as Alert;
    expect(after).toMatchObject({ version: 1, reasons: ['SERIOUS', 'RELATED'], evidence: { aeVersion: 2 } });
    expect(notified(alert.alertId)).toHaveLength(1);
  });

  it('a second, different message for the same AE version is a conflict dead letter and changes nothing', async () => {
    await send(ae('CK-103', 'CK-103-AE-01', 1, relatedMild, '11'));
    await alertOfAe('CK-103-AE-01', 1);
    const conflicting = ae('CK-103', 'CK-103-AE-01', 1, { ...relatedMild, grade: 3 }, '12');
    await send(conflicting);
    const record = await run.waitFor('the conflict on the dead-letter topic', () =>
      deadLetters.messages.map((m) => m.json<DeadLetterRecord>()).find((d) => d.eventId === conflicting.id),
    );
    expect(record).toMatchObject({ errorClass: 'conflict', trialId: CELLKINE_TRIAL });
    expect(record.reason).toMatch(/CK-103-AE-01 version 1 .* different content/);
    const [alert] = await run.sql(`select severity, reasons from alerts where ae_id = 'CK-103-AE-01'`);
    expect(alert).toEqual({ severity: 'medium', reasons: ['RELATED'] });
  });

  it('a stopping rule counts distinct subjects across the trial and lists them as evidence', async () => {
    // CellKine: "two or more subjects with a related grade >= 3 event" (protocols/cellkine-nct04410731.yaml).
    const severeRelated = { term: 'Injection site swelling', grade: 3, causality: 'probably', expectedness: 'expected' };
    await sendVisits(cellKine.enrolled('CK-201', '2021-01-04'), cellKine.enrolled('CK-202', '2021-01-05'));
    await send(ae('CK-201', 'CK-201-AE-01', 1, severeRelated, '14'), ae('CK-201', 'CK-201-AE-02', 1, severeRelated, '15'));
    await alertOfAe('CK-201-AE-02', 1);
    const before = await run.sql(`select 1 from alerts where kind = 'stopping-rule' and (evidence->>'threshold')::int = 2`);
    expect(before).toHaveLength(0);
    await send(ae('CK-202', 'CK-202-AE-01', 1, severeRelated, '16'));
    const rule = await run.waitFor('the stopping-rule alert', async () => {
      const [row] = await run.sql(
        `select alert_id, severity, evidence from alerts where kind = 'stopping-rule' and (evidence->>'threshold')::int = 2`,
      );
      return row;
    });
    expect(rule.severity).toBe('critical');
    expect(rule.evidence.subjects).toEqual([
      { subjectId: 'CK-201', aeIds: ['CK-201-AE-01', 'CK-201-AE-02'], arm: 'BM-MSC 2x10^7' },
      { subjectId: 'CK-202', aeIds: ['CK-202-AE-01'], arm: 'BM-MSC 2x10^7' },
    ]);
    await run.waitFor('its notification', () => notified(rule.alert_id).length === 1);
    expect(JSON.stringify(notified(rule.alert_id)[0].data)).not.toContain('BM-MSC');
  });
});
