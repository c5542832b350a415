/**
 * "Keeps growing": a figure (consumer lag, a reader's backlog) that only went up over a whole window. A
 * backlog that grows and shrinks again is load; one that has not shrunk once in a minute is falling behind.
 */
export class GrowthTracker {
  private readonly samples = new Map<string, { atMs: number; value: number }[]>();

  constructor(
    private readonly windowMs: number,
    private readonly minSamples = 4,
  ) {}

  add(key: string, atMs: number, value: number): void {
    const kept = (this.samples.get(key) ?? []).filter((s) => s.atMs >= atMs - 2 * this.windowMs);
    kept.push({ atMs, value });
    this.samples.set(key, kept);
  }

  /** True when the samples cover the window, never went down, and end higher than they started. */
  isGrowing(key: string, nowMs: number): boolean {
    const all = this.samples.get(key) ?? [];
    const startIndex = findLastIndex(all, (s) => s.atMs <= nowMs - this.windowMs);
    if (startIndex < 0) return false; // not watched for a whole window yet
    const window = all.slice(startIndex);
    if (window.length < this.minSamples) return false;
    for (let i = 1; i < window.length; i++) if (window[i].value < window[i - 1].value) return false;
    return window[window.length - 1].value > window[0].value;
  }
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}
