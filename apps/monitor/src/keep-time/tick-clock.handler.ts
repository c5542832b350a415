import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendEvents } from '@vigil/event-store';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { CLOCK_STREAM, CLOCK_TICKED, clockTickId, tickTime } from '@vigil/safety-domain';
import { DataSource } from 'typeorm';
import { TickClock } from './tick-clock.command';

/**
 * Writes one `clock.ticked` event to the store's clock stream, at the start of the tick's interval and
 * with an id derived from it, so instances that tick the same interval append it once.
 */
@CommandHandler(TickClock)
export class TickClockHandler implements ICommandHandler<TickClock, boolean> {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ nowMs }: TickClock): Promise<boolean> {
    const now = tickTime(nowMs, this.config.clockIntervalMs);
    if (!(await this.anythingDue(now))) return false;
    await appendEvents(this.dataSource, [
      { eventId: clockTickId(now), streamId: CLOCK_STREAM, type: CLOCK_TICKED, data: { now }, eventTime: now },
    ]);
    return true;
  }

  /**
   * A tick changes something only for subjects whose next overdue check is due by then (the rules look at
   * exactly those, `wake_at <= date`); the store refuses DELETE, so a tick that would change nothing is not
   * appended. A subject that becomes due later is caught by the next tick.
   */
  private async anythingDue(now: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`select exists (select 1 from rule_state where wake_at <= $1::date) as due`, [
      now.slice(0, 10),
    ]);
    return row.due;
  }
}
