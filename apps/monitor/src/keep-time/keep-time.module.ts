import { Module } from '@nestjs/common';
import { ClockTickerService } from './clock-ticker.service';
import { TickClockHandler } from './tick-clock.handler';

/** Wall clock → TickClock every VIGIL_CLOCK_INTERVAL_MS → clock events in the store. */
@Module({ providers: [ClockTickerService, TickClockHandler] })
export class KeepTimeModule {}
