export interface PollingLogger {
  error(message: string, error?: unknown): void;
}

/**
 * What one step found: how much work it did (0 or null: idle), or `soon` when work exists but is not
 * readable yet (an older transaction is still in flight): look again in a few milliseconds.
 */
export type StepOutcome = number | null | 'soon';

const SOON_MS = 5;

/**
 * Runs `step` until stopped: again at once while it finds work, on `wake()` (a commit somewhere said there
 * is new work), after `intervalMs` when idle and nobody woke it, with a growing back-off (up to 30 s) after
 * failures. A wake that arrives while a step runs is not lost: the loop runs again before it sleeps. Used
 * by every background reader so they behave alike.
 */
export class PollingLoop {
  private running = false;
  private loop?: Promise<void>;
  private wakeSleeper?: () => void;
  private wokenDuringStep = false;
  lastError?: string;
  /** When the last step that did work (or found nothing to do) ended: a stuck loop stops moving it. */
  lastStepAt?: number;

  constructor(
    private readonly name: string,
    private readonly step: () => Promise<StepOutcome>,
    private readonly options: { intervalMs: number; logger?: PollingLogger },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** There may be new work: run now (or right after the step in progress). */
  wake(): void {
    this.wokenDuringStep = true;
    this.wakeSleeper?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let outcome: StepOutcome = null;
      this.wokenDuringStep = false;
      try {
        outcome = await this.step();
        failures = 0;
        this.lastError = undefined;
        this.lastStepAt = Date.now();
      } catch (error) {
        failures += 1;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.logger?.error(`${this.name} failed (attempt ${failures}); retrying`, error);
      }
      if (!this.running) break;
      if (failures === 0 && ((typeof outcome === 'number' && outcome > 0) || this.wokenDuringStep)) continue;
      const wait = failures > 0 ? Math.min(30_000, 250 * 2 ** failures) : outcome === 'soon' ? SOON_MS : this.options.intervalMs;
      await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }
}
