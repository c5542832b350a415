import type { Alert, AlertNotification } from '@vigil/contracts';
import { asMessage, CELLKINE_TRIAL, cellKine } from './support/cellkine-events';
import { useE2eRun } from './support/e2e-harness';

/**
 * Pagination stability under concurrent inserts: a client paging through a listing while new alerts are
 * raised neither sees an item twice nor misses one that existed when it started. Alerts are listed newest
 * first (new ones appear at the top, on the next listing from the start); the notification feed oldest
 * first (new ones appear at its end, after everything that was there).
 */
interface AlertPage {
  items: Alert[];
  nextCursor: string | null;
}
interface FeedPage {
  items: { seq: string; event: AlertNotification }[];
  nextCursor: string | null;
  lastSeq: string;
}

describe('pagination stability under concurrent inserts (built monitor and API)', () => {
  const run = useE2eRun('api-pagination');
  let dsmb: string;
  let nextSubject = 1;

  beforeAll(async () => {
    await Promise.all([run.startMonitor(), run.startApi()]);
    dsmb = await run.mintToken({ role: 'dsmb', trials: [CELLKINE_TRIAL] });
  });

  const get = async <T>(path: string): Promise<T> => {
    const response = await run.http(`/api/trials/${CELLKINE_TRIAL}${path}`, { token: dsmb });
    expect(response.status).toBe(200);
    return response.body as T;
  };

  /** `count` serious AEs of new subjects (one alert and one notification each), in the read models. */
  const raiseAlerts = async (count: number): Promise<string[]> => {
    const events = Array.from({ length: count }, () => {
      const n = nextSubject++;
      const subject = `CK-7${String(n).padStart(2, '0')}`;
      return cellKine.seriousAdverseEvent(subject, `${subject}-AE-01`, { time: `2021-04-${String(n).padStart(2, '0')}T08:00:00Z` });
    });
    await run.produce('adverseEvents', events.map(asMessage));
    const aeIds = events.map((e) => e.data.aeId);
    const rows = await run.waitFor(`alerts and notifications of ${aeIds.join(', ')} in the read models`, async () => {
      const found = await run.sql<{ alert_id: string }>(
        `select a.alert_id from alerts a join notifications n on n.cloud_event->>'subject' = a.alert_id
         where a.ae_id = any($1::text[])`,
        [aeIds],
      );
      return found.length === count ? found : undefined;
    });
    return rows.map((r) => r.alert_id);
  };

  /** Follows nextCursor from `first` to the end: the items of the pages after it. */
  const follow = async <T>(
    first: { nextCursor: string | null },
    pageAfter: (cursor: string) => Promise<{ items: T[]; nextCursor: string | null }>,
  ) => {
    const later: T[] = [];
    for (let cursor = first.nextCursor, pages = 0; cursor !== null; pages++) {
      expect(pages).toBeLessThan(50);
      const page = await pageAfter(cursor);
      later.push(...page.items);
      cursor = page.nextCursor;
    }
    return later;
  };

  it('alerts (newest first): pages read after new alerts were raised repeat none of page 1 and skip none that existed', async () => {
    const raised = await raiseAlerts(7);
    const firstPage = await get<AlertPage>('/alerts?limit=3');
    expect(firstPage.items).toHaveLength(3);
    expect(firstPage.nextCursor).not.toBeNull();
    const existing = (await get<AlertPage>('/alerts?limit=500')).items.map((a) => a.alertId);
    expect(existing).toEqual(expect.arrayContaining(raised));
    expect(new Set(existing).size).toBe(existing.length);
    expect(firstPage.items.map((a) => a.alertId)).toEqual(existing.slice(0, 3));

    const added = await raiseAlerts(4);

    const later = (await follow(firstPage, (cursor) => get<AlertPage>(`/alerts?limit=3&cursor=${encodeURIComponent(cursor)}`))).map(
      (a) => a.alertId,
    );
    const firstIds = firstPage.items.map((a) => a.alertId);
    expect(later.filter((id) => firstIds.includes(id))).toEqual([]);
    expect(later.filter((id) => added.includes(id))).toEqual([]);
    expect([...firstIds, ...later]).toEqual(existing); // nothing skipped, nothing twice, same order

    // Listing again from the start: the new alerts on top, then the others as before.
    const relisted = (await get<AlertPage>('/alerts?limit=500')).items.map((a) => a.alertId);
    expect(new Set(relisted.slice(0, 4))).toEqual(new Set(added));
    expect(relisted.slice(4)).toEqual(existing);
  });

  it('notification feed (commit order): pages read after new notifications committed repeat none of page 1, skip none, and end with the new ones', async () => {
    await raiseAlerts(4); // what the first page and the rest will be made of (more when another test ran before)
    const firstPage = await get<FeedPage>('/notifications?limit=3');
    expect(firstPage.items).toHaveLength(3);
    expect(firstPage.nextCursor).toBe(firstPage.items[2].seq);
    const existing = (await get<FeedPage>('/notifications?limit=1000')).items.map((i) => i.event.id);
    expect(existing.length).toBeGreaterThan(3);
    expect(firstPage.items.map((i) => i.event.id)).toEqual(existing.slice(0, 3));

    const added = await raiseAlerts(4);

    const laterItems = await follow(firstPage, (cursor) => get<FeedPage>(`/notifications?limit=3&after=${cursor}`));
    const later = laterItems.map((i) => i.event.id);
    const firstIds = firstPage.items.map((i) => i.event.id);
    expect(later.filter((id) => firstIds.includes(id))).toEqual([]);
    expect([...firstIds, ...later].slice(0, existing.length)).toEqual(existing);
    const tail = laterItems.slice(existing.length - 3);
    expect(tail).toHaveLength(4);
    expect(new Set(tail.map((i) => i.event.subject))).toEqual(new Set(added));
    expect(tail.every((i) => i.event.type === 'alert.raised')).toBe(true);
    expect(new Set([...firstIds, ...later]).size).toBe(existing.length + 4);
    const seqs = [...firstPage.items, ...laterItems].map((i) => BigInt(i.seq));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
  });
});
