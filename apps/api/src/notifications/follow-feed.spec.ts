import { MessageEvent } from '@nestjs/common';
import { followFeed } from './follow-feed';
import { FeedPage } from './read-notifications.query';

const timing = { pollMs: 10, heartbeatMs: 1_000_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for a condition (a loaded machine makes fixed sleeps flaky); fails after 2 s. */
async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 2_000; !condition(); await sleep(5)) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
  }
}

/** An in-memory feed with the read model's paging (limit 2, so a backlog takes several reads). */
function fakeFeed(initial: number) {
  const seqs = Array.from({ length: initial }, (_, i) => i + 1);
  const reads: string[] = [];
  const read = async (after: string): Promise<FeedPage> => {
    reads.push(after);
    const rest = seqs.filter((s) => s > Number(after));
    const page = rest.slice(0, 2);
    const items = page.map((s) => ({ seq: String(s), event: { id: `n-${s}`, type: 'alert.raised' } as never }));
    return { items, nextCursor: rest.length > 2 ? String(page[1]) : null, lastSeq: String(seqs[seqs.length - 1] ?? 0) };
  };
  return { seqs, reads, read, add: (s: number) => seqs.push(s) };
}

describe('followFeed', () => {
  it('says it is connected, sends the backlog after the start point, then what commits later', async () => {
    const feed = fakeFeed(5);
    const messages: MessageEvent[] = [];
    const subscription = followFeed(feed.read, '1', timing).subscribe((m) => messages.push(m));
    await until(() => messages.length === 5);
    feed.add(6);
    await until(() => messages.length === 6);
    subscription.unsubscribe();

    expect(messages[0]).toEqual({ comment: 'connected' });
    expect(messages.slice(1)).toEqual(
      [2, 3, 4, 5, 6].map((s) => ({ id: String(s), type: 'alert.raised', data: { id: `n-${s}`, type: 'alert.raised' } })),
    );
    // the backlog was read page after page without waiting (2, 4 → then polls from 5)
    expect(feed.reads.slice(0, 3)).toEqual(['1', '3', '5']);
  });

  it('stops reading once unsubscribed (the client left): no timer survives', async () => {
    const feed = fakeFeed(1);
    const subscription = followFeed(feed.read, '0', timing).subscribe();
    await until(() => feed.reads.length > 2);
    subscription.unsubscribe();
    const readsAtClose = feed.reads.length;
    expect(readsAtClose).toBeGreaterThan(1);
    await sleep(50);
    expect(feed.reads.length).toBe(readsAtClose);
  });

  it('drops a read that was in flight when the client left', async () => {
    let release: (page: FeedPage) => void = () => undefined;
    const read = () => new Promise<FeedPage>((resolve) => (release = resolve));
    const messages: MessageEvent[] = [];
    const subscription = followFeed(read, '0', timing).subscribe((m) => messages.push(m));
    subscription.unsubscribe();
    release({ items: [{ seq: '1', event: { type: 'alert.raised' } as never }], nextCursor: null, lastSeq: '1' });
    await sleep(20);
    expect(messages).toEqual([{ comment: 'connected' }]);
  });

  it('completes when the abort signal fires', async () => {
    const feed = fakeFeed(0);
    const controller = new AbortController();
    let completed = false;
    followFeed(feed.read, '0', timing, controller.signal).subscribe({ complete: () => (completed = true) });
    await until(() => feed.reads.length > 0);
    controller.abort();
    const reads = feed.reads.length;
    await sleep(40);
    expect(completed).toBe(true);
    expect(feed.reads.length).toBe(reads);
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const feed = fakeFeed(0);
    const messages: MessageEvent[] = [];
    const subscription = followFeed(feed.read, '0', { pollMs: 10, heartbeatMs: 20 }).subscribe((m) => messages.push(m));
    await until(() => messages.filter((m) => m.comment === 'heartbeat').length >= 2);
    subscription.unsubscribe();
    expect(messages.every((m) => m.data === undefined)).toBe(true);
  });

  it('ends the stream with the error when the read model cannot be read', async () => {
    const error = new Error('connection terminated');
    const seen = await new Promise<unknown>((resolve) =>
      followFeed(() => Promise.reject(error), '0', timing).subscribe({ error: resolve }),
    );
    expect(seen).toBe(error);
  });
});
