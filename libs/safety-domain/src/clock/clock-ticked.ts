import { deterministicUuid } from '../alerts/deterministic-id';

/**
 * Time reaches the rules as events (SPEC §4): a replay sees the same "now" at the same place in the
 * history. Every monitor instance may append the tick of an interval; its id makes the copies one.
 */
export const CLOCK_TICKED = 'clock.ticked';
export const CLOCK_STREAM = 'clock';

export interface ClockTicked {
  now: string;
}

export function clockTickId(now: string): string {
  return deterministicUuid(`clock/${now}`);
}

/** The start of the interval `nowMs` falls in, so that instances ticking at slightly different moments agree. */
export function tickTime(nowMs: number, intervalMs: number): string {
  return new Date(Math.floor(nowMs / intervalMs) * intervalMs).toISOString();
}
