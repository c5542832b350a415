import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { tickTime } from '@vigil/safety-domain';
import { TickClock } from './tick-clock.command';

/**
 * The only wall-clock read on the safety path: every interval it dispatches TickClock, which makes the
 * reading a `clock.ticked` event in the store; the rules see time only through those events.
 */
@Injectable()
export class ClockTickerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Clock');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly commands: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.clockIntervalMs === 0) {
      this.logger.warn('the clock is off (VIGIL_CLOCK_INTERVAL_MS=0): no clock events, so no overdue visit is raised');
      return;
    }
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.clockIntervalMs);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(nowMs = Date.now()): Promise<void> {
    try {
      await this.commands.execute(new TickClock(nowMs));
    } catch (error) {
      this.logger.error(
        `could not append the clock event for ${tickTime(nowMs, this.config.clockIntervalMs)}; the next tick retries`,
        error,
      );
    }
  }
}
