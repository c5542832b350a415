import { Alert } from '@vigil/contracts';
import { appendEvents, appendToStream, readStreams, rebuild, StoreSubscription, toNewEvent } from '@vigil/event-store';
import { NotificationsProjection } from '@vigil/read-models';
import { AlertEvent, alertStreamId, decideHumanAction, evolveAlert } from '@vigil/safety-domain';
import { createTestDatabase } from '../../../../test/support/test-database';
import { rebuildableReactions } from '../evaluate-safety-rules/rebuildable-reactions';
import { loadTrialRules } from '../evaluate-safety-rules/trial-rules';
import { seriousAe } from './serious-ae.fixture';

const DSMB_NOTE = 'DSMB-OLD-NOTE-7719: unblinded tables reviewed';
const sae = seriousAe(61);

/**
 * Feed rows stored before DSMB comments were withheld from sponsors (SPEC §5) still carry them. The feed is a
 * projection of the store, which keeps the comment (the DSMB's own record): `vigil rebuild notifications
 * --keep-if-different` builds every row again through today's sponsor view and replaces what differs.
 */
describe('rebuilding the feed scrubs DSMB comments from rows stored by older versions (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase('scrub_old_feed_rows');
  });
  afterAll(() => db?.drop());

  it('given a feed row holding a DSMB comment, the rebuild leaves the action, who and when, and drops the comment', async () => {
    const ds = db.dataSource;
    const catchUp = async () => {
      for (const reaction of rebuildableReactions(loadTrialRules('protocols'))) {
        await new StoreSubscription(ds, reaction, { pollIntervalMs: 10 }).catchUp();
      }
    };
    await appendEvents(ds, [toNewEvent(sae, { topic: 'clinical.adverse-events.v1', partition: 0, offset: '0' })]);
    await catchUp();
    const [{ alert_id: alertId }] = await ds.query(`select alert_id from alerts`);
    let alert: Alert | undefined;
    for (const stored of await readStreams(ds, [alertStreamId(alertId)])) {
      alert = evolveAlert(alert, stored as unknown as AlertEvent, stored.streamPosition);
    }
    const version = alert!.version;
    const decision = decideHumanAction(alert!, {
      type: 'acknowledge',
      by: 'dr-dsmb',
      role: 'dsmb',
      comment: DSMB_NOTE,
      at: '2021-03-03T10:00:00Z',
    });
    if (!decision.ok) throw new Error(decision.reason);
    const event = decision.event as AlertEvent;
    await appendToStream(ds, alertStreamId(alertId), version, [
      {
        eventId: 'ack-scrub-1',
        streamId: alertStreamId(alertId),
        type: event.type,
        data: event.data,
        metadata: { by: 'dr-dsmb', role: 'dsmb' },
        eventTime: '2021-03-03T10:00:00Z',
        trialId: 'NCT04410731',
        subjectId: sae.subject,
      },
    ]);
    await catchUp();
    // What an older version stored: the comment in the sponsor's copy of the history.
    await ds.query(
      `update notifications set cloud_event = jsonb_set(cloud_event, '{data,history,1,comment}', to_jsonb($1::text)) where event_id = 'ack-scrub-1'`,
      [DSMB_NOTE],
    );
    const feedText = async () => JSON.stringify(await ds.query(`select cloud_event from notifications order by seq`));
    expect(await feedText()).toContain(DSMB_NOTE);

    const report = await rebuild(ds, new NotificationsProjection(), { keepIfDifferent: true });

    expect(report.equal).toBe(false);
    expect(await feedText()).not.toContain(DSMB_NOTE);
    const [ack] = await ds.query(`select cloud_event->'data'->'history'->1 as entry from notifications where event_id = 'ack-scrub-1'`);
    expect(ack.entry).toMatchObject({ change: 'alert.acknowledged', by: 'dr-dsmb', at: '2021-03-03T10:00:00Z' });
    // The store keeps the DSMB's own record.
    expect(JSON.stringify(await ds.query(`select data from events where event_id = 'ack-scrub-1'`))).toContain(DSMB_NOTE);
  });
});
