/** One rendered answer: its body as sent and the headers that describe it. */
export interface CachedAnswer {
  body: string;
  contentType: string;
  contentDisposition?: string;
  etag: string;
}

/**
 * Rendered answers by key, each valid for one state of the read models (`stateOf` the entry), at most
 * `maxBytes` of bodies in all (least recently used out first). Concurrent misses on the same key and state
 * share one rendering, so fifty clients asking at once after a change cost one query, not fifty.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { state: string; answer: CachedAnswer }>();
  private readonly rendering = new Map<string, Promise<CachedAnswer>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  async answer(key: string, state: string, render: () => Promise<CachedAnswer>): Promise<{ answer: CachedAnswer; hit: boolean }> {
    const held = this.entries.get(key);
    if (held?.state === state) {
      this.entries.delete(key); // re-inserted: Map order is the recency order
      this.entries.set(key, held);
      return { answer: held.answer, hit: true };
    }
    const slot = `${state}\u0000${key}`;
    let pending = this.rendering.get(slot);
    if (!pending) {
      pending = render().finally(() => this.rendering.delete(slot));
      this.rendering.set(slot, pending);
      this.keep(key, state, await pending);
    }
    return { answer: await pending, hit: false };
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private keep(key: string, state: string, answer: CachedAnswer): void {
    this.forget(key);
    const size = answer.body.length;
    if (size > this.maxBytes) return;
    this.entries.set(key, { state, answer });
    this.bytes += size;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    const held = this.entries.get(key);
    if (!held) return;
    this.entries.delete(key);
    this.bytes -= held.answer.body.length;
  }
}
