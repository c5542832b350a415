import { MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { FeedItem, FeedPage } from './read-notifications.query';

export interface FollowTiming {
  /** How often the read model is asked for what committed since the last message. */
  pollMs: number;
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: number;
}

export const FOLLOW_TIMING: FollowTiming = { pollMs: 300, heartbeatMs: 15_000 };

/**
 * The SSE stream of the feed: everything after `after`, then whatever commits next, as
 * `{ id: seq, type: <CloudEvent type>, data: <CloudEvent> }` so an EventSource resumes with Last-Event-ID.
 * Polls one read at a time (a slow database never piles up queries). Unsubscribing — Nest does it when
 * the client goes — clears every timer and drops a read still in flight; `signal` (SseSignal) too.
 */
export function followFeed(
  read: (after: string) => Promise<FeedPage>,
  after: string,
  timing = FOLLOW_TIMING,
  signal?: AbortSignal,
): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    let cursor = after;
    let stopped = false;
    let nextPoll: NodeJS.Timeout | undefined;

    const pump = async (): Promise<void> => {
      try {
        for (;;) {
          const page = await read(cursor);
          if (stopped) return;
          for (const item of page.items) {
            subscriber.next(toMessage(item));
            cursor = item.seq;
          }
          if (page.nextCursor === null) break; // else a backlog: read on without waiting
        }
        nextPoll = setTimeout(() => void pump(), timing.pollMs);
      } catch (error) {
        // Ends the stream (Nest sends an `error` event); the client reconnects with Last-Event-ID.
        if (!stopped) subscriber.error(error);
      }
    };

    const heartbeat = setInterval(() => subscriber.next({ comment: 'heartbeat' }), timing.heartbeatMs);
    const onAbort = () => subscriber.complete();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    // Nest sends the response headers with the first message: without this, a client of an empty feed
    // would wait for the first notification or heartbeat to learn that it is connected.
    subscriber.next({ comment: 'connected' });
    void pump();

    return () => {
      stopped = true;
      clearTimeout(nextPoll);
      clearInterval(heartbeat);
      signal?.removeEventListener('abort', onAbort);
    };
  });
}

function toMessage(item: FeedItem): MessageEvent {
  return { id: item.seq, type: item.event.type, data: item.event };
}
