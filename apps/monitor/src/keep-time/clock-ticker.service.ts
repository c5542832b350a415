import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { appendEvents } from '@vigil/event-store';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { CLOCK_STREAM, CLOCK_TICKED, clockTickId, tickTime } from '@vigil/safety-domain';
import { DataSource } from 'typeorm';

/**
 * The only wall-clock read on the safety path: it becomes a `clock.ticked` event in the store, and the
 * rules see time only through those events. Instances tick the same interval with the same id.
 */
@Injectable()
export class ClockTickerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Clock');
  private timer?: NodeJS.Timeout;

  constructor(@Inject(VIGIL_CONFIG) private readonly config: VigilConfig, private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.clockIntervalMs);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(nowMs = Date.now()): Promise<void> {
    const now = tickTime(nowMs, this.config.clockIntervalMs);
    try {
      if (!(await this.anythingDue(now))) return;
      await appendEvents(this.dataSource, [
        { eventId: clockTickId(now), streamId: CLOCK_STREAM, type: CLOCK_TICKED, data: { now }, eventTime: now },
      ]);
    } catch (error) {
      this.logger.error(`could not append the clock event for ${now}; the next tick retries`, error);
    }
  }

  /**
   * A tick changes something only for subjects whose next overdue check is due by then (the rules look at
   * exactly those, `wake_at <= date`); the store refuses DELETE, so a tick that would change nothing is not
   * appended. A subject that becomes due later is caught by the next tick.
   */
  private async anythingDue(now: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`select exists (select 1 from rule_state where wake_at <= $1::date) as due`, [now.slice(0, 10)]);
    return row.due;
  }
}
