import type { Alert, AlertNotification, DeadLetterClass, DeadLetterRecord } from '@vigil/contracts';
import { asMessage, CELLKINE_TRIAL, cellKine, InputCloudEvent } from './support/cellkine-events';
import { notificationBarrier } from './support/barrier';
import { Collector, InputRole, OutgoingMessage, useE2eRun } from './support/e2e-harness';

/**
 * The monitor as built (dist/), fed through the real broker, observed through its outputs: the event
 * store, the dead-letter topic and table, the notification topic and the API (SPEC §2 "Bad input", §4, §5).
 * One monitor and one API for the whole file; each test uses its own subjects/AEs so they do not interact.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOUR_MS = 3_600_000;

describe('ingestion: the built monitor on real Kafka and PostgreSQL', () => {
  const run = useE2eRun('ingestion');
  let deadLetters: Collector;
  let notifications: Collector;
  let dsmbToken: string;

  beforeAll(async () => {
    [deadLetters, notifications] = await Promise.all([run.collect('deadLetter'), run.collect('notifications')]);
    await Promise.all([run.startMonitor(), run.startApi()]);
    dsmbToken = await run.mintToken({ role: 'dsmb', trials: [CELLKINE_TRIAL] });
  });

  const storedCount = async (eventId: string): Promise<number> =>
    (await run.sql<{ n: number }>('select count(*)::int as n from events where event_id = $1', [eventId]))[0].n;

  const waitUntilStored = (event: InputCloudEvent<unknown>, what = `event ${event.id} (${event.type})`) =>
    run.waitFor(`${what} to be in the event store`, async () => (await storedCount(event.id)) === 1);

  /** The alert of an AE, once the rules and the alerts projection have handled it (read model, via SQL). */
  const waitUntilAlerted = (aeId: string) =>
    run.waitFor(`an alert for AE ${aeId} in the alerts read model`, async () => {
      const rows = await run.sql<{ alert_id: string }>('select alert_id from alerts where ae_id = $1', [aeId]);
      return rows.length > 0 ? rows : undefined;
    });

  const listAlerts = async (query: string): Promise<Alert[]> => {
    const response = await run.http(`/api/trials/${CELLKINE_TRIAL}/alerts${query}`, { token: dsmbToken });
    expect(response.status).toBe(200);
    return (response.body as { items: Alert[] }).items;
  };

  const notificationsAbout = (alertId: string) => notifications.messages.filter((m) => m.json<AlertNotification>().subject === alertId);

  it('stores a CloudEvent delivered three times (twice in one batch, once later) exactly once', async () => {
    const subject = 'CK-001';
    const enrolled = cellKine.enrolled(subject, '2021-01-04');
    const treated = cellKine.treated(subject, '2021-01-11');
    const day1 = cellKine.visitCompleted(subject, 'DAY1', '2021-01-12');
    await run.produce('visits', [asMessage(enrolled), asMessage(treated), asMessage(day1), asMessage(day1)]);
    await waitUntilStored(day1, 'the DAY1 visit');
    await run.produce('visits', [asMessage(day1)]);
    // Same key, same partition, later offset: once this one is stored, the third delivery has been handled.
    const barrier = cellKine.visitCompleted(subject, 'DAY3_5', '2021-01-15');
    const [lastDuplicate, barrierAt] = await run.produce('visits', [asMessage(day1), asMessage(barrier)]);
    expect(barrierAt.partition).toBe(lastDuplicate.partition);
    await waitUntilStored(barrier, 'the DAY3_5 visit sent after the last duplicate');

    const rows = await run.sql('select type, subject_id, trial_id, data from events where event_id = $1', [day1.id]);
    expect(rows).toEqual([{ type: 'visit.completed', subject_id: subject, trial_id: CELLKINE_TRIAL, data: day1.data }]);
    expect(await storedCount(enrolled.id)).toBe(1);
    expect(await storedCount(treated.id)).toBe(1);
    // A duplicate is not bad input: nothing about it on the dead-letter side.
    expect(await run.sql('select * from dead_letters where event_id = $1', [day1.id])).toEqual([]);
  });

  describe('bad input goes to the dead-letter topic and never blocks its partition', () => {
    interface BadInputCase {
      name: string;
      role: InputRole;
      subject: string;
      errorClass: DeadLetterClass;
      /** The bad message value, exactly as sent. */
      value: () => string | Buffer;
      reason: RegExp;
      /** The CloudEvent id/trial the dead letter should name when the message was parseable that far. */
      ids?: { eventId: string; trialId: string };
      /** Stored first (for a conflict: the version the bad message conflicts with). */
      before?: InputCloudEvent<unknown>;
      extraCheck?: (record: DeadLetterRecord) => void;
    }

    const misrouted = cellKine.seriousAdverseEvent('CK-013', 'CK-013-AE-01');
    const oldSpec = { ...cellKine.adverseEvent('CK-011', 'CK-011-AE-01'), specversion: '0.3' };
    const unknownType = { ...cellKine.adverseEvent('CK-012', 'CK-012-AE-01'), type: 'adverse-event.deleted' };
    const grade7 = cellKine.adverseEvent('CK-014', 'CK-014-AE-01', { grade: 7 });
    const identifying = cellKine.adverseEvent('CK-015', 'CK-015-AE-01');
    (identifying.data as unknown as Record<string, unknown>).patientName = 'Jane Doe';
    const original = cellKine.adverseEvent('CK-016', 'CK-016-AE-01', { term: 'Facial rash', onsetDate: '2021-02-10' });
    const conflicting = cellKine.adverseEvent('CK-016', 'CK-016-AE-01', { term: 'Facial rash', onsetDate: '2021-02-10', grade: 2 });

    const cases: BadInputCase[] = [
      {
        name: 'not JSON (truncated, with bytes that are not UTF-8)',
        role: 'adverseEvents',
        subject: 'CK-010',
        errorClass: 'not-json',
        value: () => Buffer.concat([Buffer.from('{"specversion":"1.0","id":"', 'utf8'), Buffer.from([0xc3, 0x28, 0x00, 0xff, 0xfe])]),
        reason: /not valid UTF-8|not JSON/,
      },
      {
        name: 'not a CloudEvent 1.0 (specversion 0.3)',
        role: 'adverseEvents',
        subject: 'CK-011',
        errorClass: 'not-cloudevent',
        value: () => JSON.stringify(oldSpec),
        reason: /specversion/,
        ids: { eventId: oldSpec.id, trialId: CELLKINE_TRIAL },
      },
      {
        name: 'unknown type',
        role: 'adverseEvents',
        subject: 'CK-012',
        errorClass: 'unknown-type',
        value: () => JSON.stringify(unknownType),
        reason: /adverse-event\.deleted/,
        ids: { eventId: unknownType.id, trialId: CELLKINE_TRIAL },
      },
      {
        name: 'an AE published on the visits topic',
        role: 'visits',
        subject: 'CK-013',
        errorClass: 'unknown-type',
        value: () => JSON.stringify(misrouted),
        reason: /belongs on the adverse-events topic/,
        ids: { eventId: misrouted.id, trialId: CELLKINE_TRIAL },
      },
      {
        name: 'schema failure (CTCAE grade 7)',
        role: 'adverseEvents',
        subject: 'CK-014',
        errorClass: 'schema',
        value: () => JSON.stringify(grade7),
        reason: /data\.grade/,
        ids: { eventId: grade7.id, trialId: CELLKINE_TRIAL },
      },
      {
        name: 'schema failure (a direct identifier in data)',
        role: 'adverseEvents',
        subject: 'CK-015',
        errorClass: 'schema',
        value: () => JSON.stringify(identifying),
        reason: /patientName/,
        ids: { eventId: identifying.id, trialId: CELLKINE_TRIAL },
        // The reason is shown to people; it names the field but does not repeat the identifier.
        extraCheck: (record) => expect(record.reason).not.toContain('Jane'),
      },
      {
        name: 'conflicting version (same aeId and version, different content)',
        role: 'adverseEvents',
        subject: 'CK-016',
        errorClass: 'conflict',
        before: original,
        value: () => JSON.stringify(conflicting),
        reason: /CK-016-AE-01 version 1 .*different content/,
        ids: { eventId: conflicting.id, trialId: CELLKINE_TRIAL },
      },
    ];

    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      if (c.before) await run.produce(c.role, [asMessage(c.before)]).then(() => waitUntilStored(c.before!, 'the original version'));
      const value = c.value();
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
      // A valid event with the same key right behind the bad one: same partition, next offset.
      const after =
        c.role === 'adverseEvents'
          ? cellKine.seriousAdverseEvent(c.subject, `${c.subject}-AE-09`)
          : cellKine.visitCompleted(c.subject, 'WEEK2', '2021-01-25');
      const sent: OutgoingMessage[] = [{ key: c.subject, value }, asMessage(after)];
      const [bad, good] = await run.produce(c.role, sent);
      expect(good.partition).toBe(bad.partition);

      const onTopic = await run.waitFor(`a dead letter for ${bad.topic}[${bad.partition}]@${bad.offset}`, () =>
        deadLetters.messages.find((m) => {
          const r = m.json<DeadLetterRecord>();
          return r.topic === bad.topic && r.partition === bad.partition && r.offset === bad.offset;
        }),
      );
      const record = onTopic.json<DeadLetterRecord>();
      expect(onTopic.key).toBe(c.subject); // the dead-letter topic keeps the original key
      expect(record).toMatchObject({
        topic: run.topics[c.role],
        partition: bad.partition,
        offset: bad.offset,
        key: c.subject,
        errorClass: c.errorClass,
      });
      expect(Buffer.from(record.valueBase64, 'base64').equals(bytes)).toBe(true);
      expect(record.reason).toMatch(c.reason);
      expect(Number.isNaN(Date.parse(record.receivedAt))).toBe(false);
      if (c.ids) expect(record).toMatchObject(c.ids);
      c.extraCheck?.(record);

      const rows = await run.sql(
        `select topic, partition, "offset"::text as "offset", message_key, value, error_class, reason from dead_letters
         where topic = $1 and partition = $2 and "offset" = $3`,
        [bad.topic, bad.partition, bad.offset],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ message_key: c.subject, error_class: c.errorClass, reason: record.reason });
      expect((rows[0].value as Buffer).equals(bytes)).toBe(true);

      // The partition moved on: the valid event behind the bad one is stored and processed.
      await waitUntilStored(after, 'the valid event sent after the bad one');
      if (c.role === 'adverseEvents') await waitUntilAlerted(`${c.subject}-AE-09`);
      if (c.ids) {
        const keptAs = c.before ? [c.before.id] : [];
        const stored = await run.sql<{ event_id: string }>('select event_id from events where event_id = any($1::text[])', [
          [c.ids.eventId, ...keptAs],
        ]);
        expect(stored.map((r) => r.event_id)).toEqual(keptAs); // the bad one is not in the store
      }
      // One dead letter per bad message, not one per delivery attempt.
      expect(
        deadLetters.messages.filter(
          (m) =>
            m.json<DeadLetterRecord>().offset === bad.offset &&
            m.json<DeadLetterRecord>().topic === bad.topic &&
            m.json<DeadLetterRecord>().partition === bad.partition,
        ),
      ).toHaveLength(1);
    });
  });

  describe('a serious adverse event', () => {
    /** Sends the SAE and waits for its alert in the API (each test has its own subject). */
    const raise = async (sae: InputCloudEvent<{ aeId: string }>) => {
      const [delivery] = await run.produce('adverseEvents', [asMessage(sae)]);
      const [alert] = await run.waitFor('the SAE alert in GET /api/trials/:trialId/alerts', async () => {
        const items = (await listAlerts(`?kind=adverse-event&subjectId=${sae.subject}`)).filter((a) => a.aeId === sae.data.aeId);
        return items.length > 0 ? items : undefined;
      });
      return { delivery, alert };
    };

    it('raises exactly one alert (API) and one alert.raised notification, due 24 h after awareness', async () => {
      const subject = 'CK-003';
      const sae = cellKine.seriousAdverseEvent(subject, 'CK-003-AE-01');
      const expectedDueBy = Date.parse(sae.time) + 24 * HOUR_MS;
      const { alert } = await raise(sae);
      const alertId = alert.alertId;
      expect(alert).toMatchObject({
        trialId: CELLKINE_TRIAL,
        kind: 'adverse-event',
        subjectId: subject,
        aeId: 'CK-003-AE-01',
        reasons: ['SERIOUS'],
        severity: 'high',
        status: 'open',
        version: 1,
      });
      expect(Date.parse(alert.dueBy!)).toBe(expectedDueBy);
      expect(alert.history.map((h) => h.change)).toEqual(['alert.raised']);

      const first = await run.waitFor(`an alert.raised notification for alert ${alertId}`, () => notificationsAbout(alertId)[0]);
      await notificationBarrier(run, notifications, subject); // a second notification for the same change would come before it
      expect(notificationsAbout(alertId)).toHaveLength(1);

      const notification = first.json<AlertNotification>();
      expect(first.key).toBe(CELLKINE_TRIAL);
      expect(notification).toMatchObject({ specversion: '1.0', type: 'alert.raised', subject: alertId, trialid: CELLKINE_TRIAL });
      expect(notification.data).toMatchObject({
        alertId,
        kind: 'adverse-event',
        aeId: 'CK-003-AE-01',
        reasons: ['SERIOUS'],
        severity: 'high',
        status: 'open',
      });
      expect(Date.parse(notification.data.dueBy!)).toBe(expectedDueBy);
      // Deterministic id: the id of the alert-change event in the store.
      expect(notification.id).toMatch(UUID);
      const changes = await run.sql<{ event_id: string }>(`select event_id from events where type = 'alert.raised' and stream_id = $1`, [
        `alert-${alertId}`,
      ]);
      expect(changes).toEqual([{ event_id: notification.id }]);
    });

    it('is not raised again when the same message is delivered again', async () => {
      const subject = 'CK-004';
      const sae = cellKine.seriousAdverseEvent(subject, 'CK-004-AE-01');
      const { delivery, alert } = await raise(sae);
      const alertId = alert.alertId;
      await run.waitFor(`the alert.raised notification for alert ${alertId}`, () => notificationsAbout(alertId)[0]);
      const [again] = await run.produce('adverseEvents', [asMessage(sae)]);
      expect(again.partition).toBe(delivery.partition);
      // Barrier: another SAE of the same subject (same key, same partition, later offset). Once its
      // notification is on the topic, the re-delivery has gone through ingest, rules and the relay.
      await notificationBarrier(run, notifications, subject);

      expect(await storedCount(sae.id)).toBe(1);
      const items = (await listAlerts(`?kind=adverse-event&subjectId=${subject}`)).filter((a) => a.aeId === sae.data.aeId);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ alertId, version: 1, status: 'open', severity: 'high' });
      expect(items[0].history).toHaveLength(1);
      expect(notificationsAbout(alertId)).toHaveLength(1);
      const outbox = await run.sql(`select message_id from outbox where topic_role = 'notifications' and value->>'subject' = $1`, [
        alertId,
      ]);
      expect(outbox).toHaveLength(1);
      expect(await run.sql('select * from dead_letters where event_id = $1', [sae.id])).toEqual([]);
    });
  });
});
