export interface PollingLogger {
  error(message: string, error?: unknown): void;
}

/**
 * Runs `step` until stopped: again at once while it finds work, after `intervalMs` when idle, with a
 * growing back-off (up to 30 s) after failures. Used by every background reader so they behave alike.
 */
export class PollingLoop {
  private running = false;
  private loop?: Promise<void>;
  private wakeSleeper?: () => void;
  private wakeRequested = false;
  lastError?: string;

  constructor(
    private readonly name: string,
    /** Returns how much work it did; 0 or null means idle. */
    private readonly step: () => Promise<number | null>,
    private readonly options: { intervalMs: number; logger?: PollingLogger },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeSleeper?.();
    await this.loop;
  }

  /** Runs `step` again now, or right after the step in progress (a wake-up is never lost). */
  wake(): void {
    this.wakeRequested = true;
    this.wakeSleeper?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let worked = false;
      this.wakeRequested = false;
      try {
        worked = Boolean(await this.step());
        failures = 0;
        this.lastError = undefined;
      } catch (error) {
        failures += 1;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.logger?.error(`${this.name} failed (attempt ${failures}); retrying`, error);
      }
      // A wake-up during the step means new work may have been missed by it; after a failure, back off anyway.
      if (worked || (this.wakeRequested && failures === 0)) continue;
      const wait = failures === 0 ? this.options.intervalMs : Math.min(30_000, 250 * 2 ** failures);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeSleeper = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
