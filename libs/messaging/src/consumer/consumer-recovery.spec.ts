import { backoffDelay } from './backoff';
import { mayStartChunk, splitIntoChunks } from './batch-chunks';

describe('consumer restart backoff', () => {
  it('doubles from 0.5 s and stays at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffDelay(10_000)).toBe(30_000);
    expect(backoffDelay(0)).toBe(500);
  });

  it('honours another policy', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, { initialMs: 100, maxMs: 250 }))).toEqual([100, 200, 250]);
  });
});

describe('batch chunks', () => {
  it('splits a batch into chunks of at most maxMessages, in order', () => {
    const items = Array.from({ length: 1201 }, (_, i) => i);
    const chunks = splitIntoChunks(items, 500);
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 201]);
    expect(chunks.flat()).toEqual(items);
    expect(splitIntoChunks([], 500)).toEqual([]);
    expect(() => splitIntoChunks(items, 0)).toThrow(/maxMessages/);
  });

  it('always starts the first chunk, later ones only within the time bound', () => {
    const bounds = { maxMessages: 500, maxBatchMs: 3000 };
    expect(mayStartChunk(0, 0, 10_000, bounds)).toBe(true);
    expect(mayStartChunk(1, 0, 2_999, bounds)).toBe(true);
    expect(mayStartChunk(1, 0, 3_000, bounds)).toBe(false);
  });
});
