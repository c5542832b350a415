import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import { lockCheckpoint, saveCheckpoint } from '../checkpoints';
import { positionOf, readInCommitOrder } from '../read-in-commit-order';
import { isAfter, START } from '../stored-event';
import { StoreReaction } from './store-subscription';

/** A reaction whose derived state can be thrown away and recomputed from the store. */
export interface RebuildableReaction extends StoreReaction {
  /** Deletes the derived state. */
  reset(tx: EntityManager): Promise<void>;
  /** The derived state in a comparable form (ordered, without bookkeeping columns). */
  snapshot(tx: EntityManager): Promise<unknown>;
}

export interface RebuildReport {
  name: string;
  events: number;
  equal: boolean;
  /** Filled when the rebuilt state differs: a short description of the first difference. */
  difference?: string;
}

/**
 * Drops and recomputes one reaction's state inside one transaction that holds its checkpoint, so the live
 * instance waits instead of racing, and compares the result with the state it replaces. `keepIfDifferent`
 * false rolls a differing rebuild back, leaving the live state as it was.
 */
export async function rebuild(
  dataSource: DataSource,
  reaction: RebuildableReaction,
  options: { batchSize?: number; onProgress?: (handled: number, total: number) => void; keepIfDifferent?: boolean } = {},
): Promise<RebuildReport> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const tx = runner.manager;
    // Waits for the live instance to finish its current batch, then holds it off until we commit.
    const livePosition = await lockCheckpoint(tx, reaction.name);
    const live = await reaction.snapshot(tx);
    const [{ n: total }] = await tx.query(
      `select count(*)::int as n from events where ($1::text[] is null or type = any($1::text[]))
         and (transaction_id, global_position) <= ($2::text::xid8, $3::bigint)`,
      [reaction.eventTypes ? [...reaction.eventTypes] : null, livePosition.transactionId, livePosition.globalPosition],
    );
    await reaction.reset(tx);
    let position = START;
    let handled = 0;
    for (;;) {
      // Only as far as the live state had got: what it has not seen yet is no difference.
      const events = (await readInCommitOrder(tx, position, options.batchSize ?? 1000, reaction.eventTypes)).filter(
        (e) => !isAfter(positionOf(e), livePosition),
      );
      if (events.length === 0) break;
      await reaction.handle(tx, events);
      position = positionOf(events[events.length - 1]);
      handled += events.length;
      options.onProgress?.(handled, total);
    }
    await saveCheckpoint(tx, reaction.name, livePosition);
    const rebuilt = await reaction.snapshot(tx);
    const equal = isDeepStrictEqual(rebuilt, live);
    const report: RebuildReport = {
      name: reaction.name,
      events: handled,
      equal,
      ...(equal ? {} : { difference: firstDifference(live, rebuilt) }),
    };
    if (equal || options.keepIfDifferent) await runner.commitTransaction();
    else await runner.rollbackTransaction();
    return report;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

function firstDifference(live: unknown, rebuilt: unknown): string {
  if (Array.isArray(live) && Array.isArray(rebuilt)) {
    if (live.length !== rebuilt.length) return `live has ${live.length} rows, rebuilt has ${rebuilt.length}`;
    const i = live.findIndex((row, k) => !isDeepStrictEqual(row, rebuilt[k]));
    return `row ${i}: live ${JSON.stringify(live[i]).slice(0, 300)} ≠ rebuilt ${JSON.stringify(rebuilt[i]).slice(0, 300)}`;
  }
  return 'the states differ';
}
