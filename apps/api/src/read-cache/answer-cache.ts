/** One rendered answer: its body as sent and the headers that describe it. */
export interface CachedAnswer {
  body: string;
  contentType: string;
  contentDisposition?: string;
  etag: string;
}

/**
 * How an answer was found: `hit` rendered from the current state, `miss` rendered for this request (or
 * shared with one that was), `stale` rendered from an earlier state that was still current less than
 * `staleMs` ago, while a rendering from the current state runs behind it.
 */
export type AnswerStatus = 'hit' | 'miss' | 'stale';

export interface Answered {
  answer: CachedAnswer;
  /** The read-model state it was rendered for. */
  state: string;
  status: AnswerStatus;
  /** When the rendering that made it started (the clock's milliseconds): its data is at least that new. */
  renderedAt: number;
  /** The last moment its state was seen to be the current one: a stale answer is out of date since then at most. */
  currentAt: number;
}

export interface AnswerCacheOptions {
  /**
   * How long after its state was last seen current an answer may still be served once the read models moved
   * (0 = never: every move makes callers wait for a new rendering).
   */
  staleMs?: number;
  /** Milliseconds; injected so that tests move time without sleeping. */
  now?: () => number;
  /** A background rendering failed: its entry is dropped already, this only reports it. */
  onRevalidateError?: (key: string, error: unknown) => void;
}

interface Entry {
  state: string;
  answer: CachedAnswer;
  renderedAt: number;
  currentAt: number;
}

/**
 * Rendered answers by key, each valid for one state of the read models (`state` of the entry), at most
 * `maxBytes` of bodies in all (least recently used out first). Concurrent misses on the same key and state
 * share one rendering, so fifty clients asking at once after a change cost one query, not fifty.
 *
 * Bounded staleness: once the state moved, an entry whose state was seen current (rendered from it, or
 * answered while it stood) less than `staleMs` ago is still answered (status `stale`) while one rendering
 * per key from the current state runs in the background; an entry out of date for longer is never answered,
 * and a caller that asks for `fresh` always waits for an answer from the current state. Counting from the
 * last sighting, not from the rendering, is what bounds how out of date an answer is: a list polled every
 * second whose read models move every second is served within the bound while its next rendering runs.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly rendering = new Map<string, Promise<Entry>>();
  private readonly revalidating = new Set<string>();
  /** The background renderings' queue: each starts when the one before it ended. */
  private backgroundTurn: Promise<void> = Promise.resolve();
  private readonly staleMs: number;
  private readonly now: () => number;
  private readonly onRevalidateError: (key: string, error: unknown) => void;
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    options: AnswerCacheOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 0;
    this.now = options.now ?? Date.now;
    this.onRevalidateError = options.onRevalidateError ?? (() => undefined);
  }

  /** `seenAt`: when `state` was read (before the query that read it); now when not given. */
  async answer(key: string, state: string, render: () => Promise<CachedAnswer>, fresh = false, seenAt = this.now()): Promise<Answered> {
    const held = this.entries.get(key);
    if (held?.state === state) {
      held.currentAt = Math.max(held.currentAt, seenAt);
      return { ...this.touch(key, held), status: 'hit' };
    }
    if (held && !fresh && this.now() - held.currentAt < this.staleMs) {
      this.revalidate(key, state, render, held);
      return { ...this.touch(key, held), status: 'stale' };
    }
    return { ...(await this.render(key, state, render)), status: 'miss' };
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** One rendering per key and state, shared by every caller that waits for it. */
  private render(key: string, state: string, render: () => Promise<CachedAnswer>): Promise<Entry> {
    const slot = `${state}\u0000${key}`;
    let pending = this.rendering.get(slot);
    if (!pending) {
      const renderedAt = this.now();
      pending = Promise.resolve()
        .then(render)
        .then((answer) => this.keep(key, { state, answer, renderedAt, currentAt: renderedAt }))
        .finally(() => this.rendering.delete(slot));
      this.rendering.set(slot, pending);
    }
    return pending;
  }

  /**
   * At most one background rendering per key, and one at a time in all: nobody waits for them, so they queue
   * behind each other instead of all rendering at once after a move, which would hold the event loop (JSON of
   * megabyte listings) for every request that only needs a held answer. A queued rendering reads the data of
   * when its turn comes (newer than the state it is filed under, so the next request after a move renders again).
   */
  private revalidate(key: string, state: string, render: () => Promise<CachedAnswer>, held: Entry): void {
    if (this.revalidating.has(key) || this.rendering.has(`${state}\u0000${key}`)) return;
    this.revalidating.add(key);
    const turn = this.backgroundTurn.then(() => this.render(key, state, render));
    this.backgroundTurn = turn.then(
      () => undefined,
      () => undefined,
    );
    turn
      .catch((error: unknown) => {
        // Nobody waits for this rendering: the stale entry goes, so the next caller renders (and sees the error).
        if (this.entries.get(key) === held) this.forget(key);
        this.onRevalidateError(key, error);
      })
      .finally(() => this.revalidating.delete(key));
  }

  private touch(key: string, held: Entry): Entry {
    this.entries.delete(key); // re-inserted: Map order is the recency order
    this.entries.set(key, held);
    return held;
  }

  private keep(key: string, entry: Entry): Entry {
    const held = this.entries.get(key);
    if (held && held.renderedAt > entry.renderedAt) return entry; // a later rendering finished first: keep it
    this.forget(key);
    const size = entry.answer.body.length;
    if (size > this.maxBytes) return entry;
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.forget(oldest);
    }
    return entry;
  }

  private forget(key: string): void {
    const held = this.entries.get(key);
    if (!held) return;
    this.entries.delete(key);
    this.bytes -= held.answer.body.length;
  }
}
