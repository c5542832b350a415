import type { AlertNotification, DeadLetterRecord } from '@vigil/contracts';
import { asMessage, CELLKINE_TRIAL, cellKine } from './support/cellkine-events';
import { Collector, useE2eRun } from './support/e2e-harness';

/**
 * Issue 7, "nothing lost, nothing stuck", through the built monitor and the real broker (default
 * message.max.bytes ≈ 1 MB): a valid AE whose verbatim term is 900 KB (SPEC sets no limit) and a 900 KB
 * malformed message are stored / dead-lettered whole, announced truncated under the transport limit, and
 * the SAE behind them is still notified. Before, the relay retried the oversized notification forever.
 */
const LIMIT = 900_000;
const MARKER =
  /…\[truncated by Vigil: \d+ characters; the full text is in (the event store, event [0-9a-f-]+|the dead_letters table \(.+\))\]$/;

describe('nothing lost, nothing stuck: the built monitor on real Kafka and PostgreSQL', () => {
  const run = useE2eRun('nothing-lost');
  let notifications: Collector;
  let deadLetters: Collector;

  beforeAll(async () => {
    [notifications, deadLetters] = await Promise.all([run.collect('notifications'), run.collect('deadLetter')]);
    await run.startMonitor();
  });

  it('stores a 900 KB AE term whole, notifies it truncated, dead-letters a 900 KB malformed message, and the SAE behind them is notified', async () => {
    const subject = 'CK-301';
    const term = 'Dull pain from waistline to buttocks, worse on standing. '.repeat(16_000).slice(0, 900_000);
    const huge = cellKine.adverseEvent(subject, 'CK-301-AE-01', { term, grade: 3 }); // SEVERE: an alert whose title and evidence carry the term
    const malformed = Buffer.from(`{"specversion":"1.0","id":"x","data":{"term":"${'x'.repeat(900_000)}"`); // not JSON: cut off
    const sae = cellKine.seriousAdverseEvent(subject, 'CK-301-AE-02');
    // One message per request: each is under the broker's limit, together they are not.
    await run.produce('adverseEvents', [asMessage(huge)]);
    const [bad] = await run.produce('adverseEvents', [{ key: subject, value: malformed }]);
    await run.produce('adverseEvents', [asMessage(sae)]);

    const about = (aeId: string) => notifications.messages.find((m) => m.json<AlertNotification>().data.aeId === aeId);
    const saeNotice = await run.waitFor('the SAE notification behind the 900 KB ones', () => about('CK-301-AE-02'), { timeoutMs: 90_000 });
    expect(saeNotice.json<AlertNotification>()).toMatchObject({ type: 'alert.raised', data: { reasons: ['SERIOUS'] } });

    const hugeNotice = await run.waitFor('the notification of the 900 KB AE', () => about('CK-301-AE-01'));
    expect(hugeNotice.value.length + (hugeNotice.key?.length ?? 0)).toBeLessThanOrEqual(LIMIT);
    const sent = hugeNotice.json<AlertNotification>();
    expect(sent.data.title).toMatch(MARKER);
    expect(sent.data.title).toContain(`the full text is in the event store, event ${sent.id}`);
    const [stored] = await run.sql('select length(data->>$2)::int as n from events where event_id = $1', [huge.id, 'term']);
    expect(stored.n).toBe(900_000);

    const deadNotice = await run.waitFor('the dead letter of the 900 KB malformed message', () =>
      deadLetters.messages.find(
        (m) => m.json<DeadLetterRecord>().offset === bad.offset && m.json<DeadLetterRecord>().partition === bad.partition,
      ),
    );
    expect(deadNotice.value.length).toBeLessThanOrEqual(LIMIT);
    expect(deadNotice.json<DeadLetterRecord>()).toMatchObject({
      errorClass: 'not-json',
      valueTruncated: true,
      valueBytes: malformed.length,
    });
    const [kept] = await run.sql('select value from dead_letters where "offset" = $1 and partition = $2', [bad.offset, bad.partition]);
    expect((kept.value as Buffer).equals(malformed)).toBe(true);

    expect(await run.sql('select 1 from outbox where published_at is null')).toEqual([]);
    expect(notifications.messages.every((m) => m.json<AlertNotification>().trialid === CELLKINE_TRIAL)).toBe(true);
  });
});
