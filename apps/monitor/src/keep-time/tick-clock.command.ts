import { Command } from '@nestjs/cqrs';

/**
 * Tell the store the time is `nowMs` (a wall-clock reading). Resolves true when the tick was due: its clock
 * event is in the store (appended now, or already by another instance); false when it would change nothing.
 */
export class TickClock extends Command<boolean> {
  constructor(readonly nowMs: number) {
    super();
  }
}
