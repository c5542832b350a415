import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('carries everything submitted while a flush runs in the next single flush, each caller getting its own result', async () => {
    const flushes: number[][] = [];
    let release!: () => void;
    let started!: () => void;
    const firstFlushHeld = new Promise<void>((r) => (release = r));
    const firstFlushStarted = new Promise<void>((r) => (started = r));
    const group = new GroupCommit<number, string>(async (items) => {
      flushes.push(items);
      started();
      if (flushes.length === 1) await firstFlushHeld;
      return items.map((i) => `done ${i}`);
    });
    const first = group.submit(1);
    await firstFlushStarted;
    const later = [group.submit(2), group.submit(3), group.submit(4)];
    release();
    expect(await first).toBe('done 1');
    expect(await Promise.all(later)).toEqual(['done 2', 'done 3', 'done 4']);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('lets what is submitted in the same turn of the event loop share the first flush (the partitions of one fetch)', async () => {
    const flushes: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      flushes.push(items);
      return items;
    });
    expect(await Promise.all([group.submit(1), group.submit(2), group.submit(3)])).toEqual([1, 2, 3]);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('rejects every caller of a failed flush and goes on with the next one', async () => {
    let calls = 0;
    const group = new GroupCommit<number, number>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
      return items;
    });
    await expect(group.submit(1)).rejects.toThrow('database down');
    await expect(group.submit(2)).resolves.toBe(2);
  });
});
