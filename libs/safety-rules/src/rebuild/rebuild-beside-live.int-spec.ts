import { appendEvents, positionOf, rebuild, saveCheckpoint, StoreSubscription, toNewEvent } from '@vigil/event-store';
import { AlertsProjection } from '@vigil/read-models';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { seriousAe } from './serious-ae.fixture';
import { SafetyRulesReaction } from '../evaluate-safety-rules/safety-rules.reaction';
import { loadTrialRules, TrialRulesRegistry } from '../evaluate-safety-rules/trial-rules';

const origin = { topic: 'clinical.adverse-events.v1', partition: 0, offset: '0' };

/**
 * The rebuild replays into shadow tables in short transactions: while it runs (held between two batches
 * here), the live safety rules go on — a new SAE is alerted and notified at once, not after the rebuild.
 */
describe('rebuild beside the live monitor (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let rules: TrialRulesRegistry;
  const count = async (sql: string): Promise<number> => (await ds.query(sql))[0].n;
  const alertEvents = () => count(`select count(*)::int as n from events where type like 'alert.%'`);
  const notifications = () => count(`select count(*)::int as n from outbox where topic_role = 'notifications'`);

  beforeAll(async () => {
    db = await createTestDatabase('rebuild_beside_live');
    ds = db.dataSource;
    rules = loadTrialRules('protocols');
    await appendEvents(
      ds,
      Array.from({ length: 300 }, (_, n) => toNewEvent(seriousAe(n), origin)),
    );
    await new StoreSubscription(ds, new SafetyRulesReaction(rules), { pollIntervalMs: 10 }).catchUp();
    await new StoreSubscription(ds, new AlertsProjection(), { pollIntervalMs: 10 }).catchUp();
  });
  afterAll(() => db?.drop());

  /** Runs `reaction`'s rebuild, holding it after its first batch until `whilePaused` has run. */
  async function rebuildPausedAfterFirstBatch<T>(
    start: (onProgress: () => Promise<void> | void) => Promise<T>,
    whilePaused: (rebuildFinished: () => boolean) => Promise<void>,
  ): Promise<T> {
    let finished = false;
    let pausedAt!: () => void;
    const paused = new Promise<void>((resolve) => (pausedAt = resolve));
    let resume!: () => void;
    const gate = new Promise<void>((resolve) => (resume = resolve));
    let first = true;
    const running = start(() => {
      if (!first) return;
      first = false;
      pausedAt();
      return gate;
    }).finally(() => (finished = true));
    await paused;
    try {
      await whilePaused(() => finished);
    } finally {
      resume();
    }
    return running;
  }

  it('a new SAE is alerted and notified by the live rules while the rules are being rebuilt, and the rebuild appends nothing', async () => {
    const live = new StoreSubscription(ds, new SafetyRulesReaction(rules), { pollIntervalMs: 10 });
    const [eventsBefore, notifiedBefore] = [await alertEvents(), await notifications()];
    let seenWhileRebuilding = false;

    const report = await rebuildPausedAfterFirstBatch(
      (onProgress) => rebuild(ds, new SafetyRulesReaction(rules), { batchSize: 10, onProgress }),
      async (rebuildFinished) => {
        await appendEvents(ds, [toNewEvent(seriousAe(1000), origin)]);
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline && !rebuildFinished()) {
          await live.runOnce();
          if ((await notifications()) > notifiedBefore) {
            seenWhileRebuilding = !rebuildFinished();
            return;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      },
    );

    expect(seenWhileRebuilding).toBe(true);
    expect(report).toMatchObject({ name: 'safety-rules', equal: true });
    // Exactly the new SAE's alert change and notification: the rebuild re-appended and re-notified nothing.
    expect(await alertEvents()).toBe(eventsBefore + 1);
    expect(await notifications()).toBe(notifiedBefore + 1);
    const [{ n: shadows }] = await ds.query(`select count(*)::int as n from pg_tables where schemaname = 'vigil_rebuild'`);
    expect(shadows).toBe(0);
  });

  it('a repaired read model is swapped in with the events written during the rebuild: none lost, none doubled', async () => {
    const live = new StoreSubscription(ds, [new SafetyRulesReaction(rules), new AlertsProjection()], { pollIntervalMs: 10 });
    await live.catchUp();
    await ds.query(`update alerts set severity = 'low'`);

    const report = await rebuildPausedAfterFirstBatch(
      (onProgress) => rebuild(ds, new AlertsProjection(), { batchSize: 10, onProgress, keepIfDifferent: true }),
      async () => {
        await appendEvents(
          ds,
          Array.from({ length: 30 }, (_, n) => toNewEvent(seriousAe(2000 + n), origin)),
        );
        await live.catchUp();
      },
    );
    expect(report.equal).toBe(false);
    expect(report.difference).toMatch(/severity/);

    const alerts = await ds.query(`select severity, count(*)::int as n from alerts group by severity`);
    expect(alerts).toEqual([{ severity: 'high', n: 300 + 1 + 30 }]);
    expect(await rebuild(ds, new AlertsProjection())).toMatchObject({ equal: true });
  });
  it('an alert change the store lacks is held back: reported, appended and notified only when the rebuild is kept', async () => {
    // The live rules "missed" an SAE: their checkpoint is moved past it without handling it.
    const [missed] = await appendEvents(ds, [toNewEvent(seriousAe(3000), origin)]);
    await saveCheckpoint(ds, 'safety-rules', positionOf(missed));
    const [eventsBefore, notifiedBefore] = [await alertEvents(), await notifications()];

    const report = await rebuild(ds, new SafetyRulesReaction(rules), { batchSize: 50 });
    expect(report.equal).toBe(false);
    expect(report.difference).toMatch(/^1 alert change\(s\) not in the store, first: alert.raised/);
    expect([await alertEvents(), await notifications()]).toEqual([eventsBefore, notifiedBefore]);

    await rebuild(ds, new SafetyRulesReaction(rules), { batchSize: 50, keepIfDifferent: true });
    expect([await alertEvents(), await notifications()]).toEqual([eventsBefore + 1, notifiedBefore + 1]);
    expect(await rebuild(ds, new SafetyRulesReaction(rules))).toMatchObject({ equal: true });
  });
});
