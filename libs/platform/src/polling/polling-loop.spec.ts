import { PollingLoop } from './polling-loop';

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('PollingLoop', () => {
  it('runs again at once when woken during a step, instead of sleeping through the wake-up', async () => {
    let steps = 0;
    const loop: PollingLoop = new PollingLoop(
      'test',
      async () => {
        steps += 1;
        if (steps === 1) loop.wake(); // new work committed while this step ran
        return 0;
      },
      { intervalMs: 60_000 },
    );
    loop.start();
    await tick();
    expect(steps).toBe(2);
    await loop.stop();
  });

  it('stops promptly even when stop() arrives during a step, with a long interval', async () => {
    let release!: () => void;
    const stepHeld = new Promise<void>((r) => (release = r));
    const loop = new PollingLoop(
      'test',
      async () => {
        await stepHeld;
        return 0;
      },
      { intervalMs: 60_000 },
    );
    loop.start();
    await tick();
    const stopped = loop.stop();
    release();
    const started = Date.now();
    await stopped;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('looks again after a few milliseconds when a step says its work is held back', async () => {
    let steps = 0;
    const loop = new PollingLoop('test', async () => (++steps === 1 ? 'soon' : 0), { intervalMs: 60_000 });
    loop.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(steps).toBe(2);
    await loop.stop();
  });
});
