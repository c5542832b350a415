import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import { ensureCheckpoints, lockCheckpoint } from '../checkpoints';
import { positionOf, readInCommitOrder } from '../read-in-commit-order';
import { CommitPosition, Sql, START } from '../stored-event';
import { copyShadowToLive, createShadowTables, dropShadowTables, inShadow, useLiveTables, useShadowTables } from './shadow-tables';
import { StoreReaction } from './store-subscription';

/** A reaction whose derived state can be recomputed from the store. */
export interface RebuildableReaction extends StoreReaction {
  /** Every table that holds the derived state (and nothing else): a rebuild replays into shadow copies of them. */
  readonly tables: readonly string[];
  /** The derived state in a comparable form (ordered, without bookkeeping columns), read by unqualified table names. */
  snapshot(tx: EntityManager): Promise<unknown>;
  /** A copy for the replay, when `handle` also writes outside `tables` (e.g. appends): see ReplayReaction. */
  forReplay?(): ReplayReaction;
}

/**
 * A reaction as a rebuild replays it: it writes only its tables (their shadow copies) and holds back
 * whatever else it would have written that is not there already. Held back = a difference.
 */
export interface ReplayReaction extends StoreReaction {
  /** What was held back, described; undefined when nothing was. */
  heldBack(): string | undefined;
  /** Writes what was held back: called in the swap transaction of a rebuild that is kept. */
  release(tx: EntityManager): Promise<void>;
}

export interface RebuildReport {
  name: string;
  events: number;
  equal: boolean;
  /** Filled when the rebuilt state differs: a short description of the first difference. */
  difference?: string;
}

export interface RebuildOptions {
  batchSize?: number;
  /** Called between batches (outside any transaction); a returned promise is awaited. */
  onProgress?: (handled: number, total: number) => void | Promise<void>;
  /** Keep a rebuilt state that differs from the live one (default: leave the live state as it was). */
  keepIfDifferent?: boolean;
  /**
   * The share of the time the replay may work, 0 < d ≤ 1 (default 1): after each batch it rests (1 − d) / d
   * times as long as the batch took, leaving the cores to the live monitor under load.
   */
  dutyCycle?: number;
}

/** How many passes the replay makes after a moving live reader before it compares (each pass is shorter). */
const FOLLOW_PASSES = 5;

/**
 * Recomputes one reaction's state beside the live reader, which goes on (alerting does not pause):
 * 1. replays the store into empty shadow copies of its tables, one short transaction per batch, up to
 *    where the live reader stands, then follows it until less than a batch behind;
 * 2. reads the live state with its checkpoint in one read-only snapshot (no transaction id, so no
 *    commit-order reader waits for it), brings the shadow to that same position and compares;
 * 3. only when it differs and `keepIfDifferent`: one short transaction takes the reader's lock (the live
 *    instance finishes its batch and waits), replays the few events handled since, writes what the replay
 *    held back and replaces the live rows with the shadow's. Nothing is lost or handled twice: the live
 *    checkpoint stays where the swapped-in state now is.
 * Long transactions are what froze alerting before: every commit-order reader sees nothing newer than
 * the oldest transaction in flight (NOTES: pg_snapshot_xmin).
 */
export async function rebuild(dataSource: DataSource, reaction: RebuildableReaction, options: RebuildOptions = {}): Promise<RebuildReport> {
  const batchSize = options.batchSize ?? 1000;
  const duty = options.dutyCycle ?? 1;
  if (!(duty > 0 && duty <= 1)) throw new Error(`dutyCycle must be in (0, 1], got ${duty}`);
  const replay = reaction.forReplay?.();
  const replaying: StoreReaction = replay ?? reaction;
  const guard = await exclusiveRebuild(dataSource, reaction.name);
  try {
    await ensureCheckpoints(dataSource, [reaction.name]);
    await createShadowTables(dataSource, reaction.tables);
    let position = START;
    let handled = 0;
    const started = await liveCheckpoint(dataSource, reaction.name);
    const total = await countUpTo(dataSource, reaction.eventTypes, started);

    /** Replays the events after `position` up to `target` (in `tx`, or a transaction per batch); returns how many. */
    const replayTo = async (target: CommitPosition, tx?: EntityManager): Promise<number> => {
      let n = 0;
      for (;;) {
        const batch = async (sql: EntityManager) => {
          const events = await readInCommitOrder(sql, position, batchSize, reaction.eventTypes, target);
          if (events.length > 0) await replaying.handle(sql, events);
          return events;
        };
        const began = Date.now();
        const events = tx ? await batch(tx) : await inShadow(dataSource, batch);
        if (events.length === 0) return n;
        if (!tx && duty < 1) await rest(((Date.now() - began) * (1 - duty)) / duty);
        position = positionOf(events[events.length - 1]);
        n += events.length;
        handled += events.length;
        if (!tx) await options.onProgress?.(handled, Math.max(total, handled));
      }
    };

    await replayTo(started);
    for (let pass = 0; pass < FOLLOW_PASSES; pass += 1) {
      if ((await replayTo(await liveCheckpoint(dataSource, reaction.name))) < batchSize) break;
    }
    const live = await readLiveState(dataSource, reaction);
    await replayTo(live.position);
    const rebuilt = await inShadow(dataSource, (tx) => reaction.snapshot(tx));
    const heldBack = replay?.heldBack();
    const equal = heldBack === undefined && isDeepStrictEqual(rebuilt, live.state);
    const report: RebuildReport = {
      name: reaction.name,
      events: handled,
      equal,
      ...(equal ? {} : { difference: heldBack ?? firstDifference(live.state, rebuilt) }),
    };

    if (!equal && options.keepIfDifferent) {
      await dataSource.transaction(async (tx) => {
        const searchPath = await useShadowTables(tx);
        // Waits for the live instance to finish its batch, then holds it off until this commits.
        await replayTo(await lockCheckpoint(tx, reaction.name), tx);
        await useLiveTables(tx, searchPath);
        await replay?.release(tx);
        await copyShadowToLive(tx, reaction.tables);
        // Same position, new content: readers that key on the checkpoint (the API's read cache) must see a change.
        await tx.query(`update checkpoints set updated_at = clock_timestamp() where name = $1`, [reaction.name]);
      });
    }
    await options.onProgress?.(handled, handled);
    return report;
  } finally {
    await dropShadowTables(dataSource, reaction.tables).catch(() => undefined);
    await guard.release();
  }
}

const rest = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One rebuild of a reader at a time (they share its shadow tables): a session lock, which takes no transaction id. */
async function exclusiveRebuild(dataSource: DataSource, name: string): Promise<{ release(): Promise<void> }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = `vigil:rebuild:${name}`;
  const [{ locked }] = await runner.query(`select pg_try_advisory_lock(hashtext($1)) as locked`, [key]);
  if (!locked) {
    await runner.release();
    throw new Error(`another rebuild of ${name} is running`);
  }
  return {
    async release() {
      await runner.query(`select pg_advisory_unlock(hashtext($1))`, [key]).catch(() => undefined);
      await runner.release();
    },
  };
}

async function liveCheckpoint(sql: Sql, name: string): Promise<CommitPosition> {
  const [row] = await sql.query(
    `select transaction_id::text as "transactionId", global_position::text as "globalPosition" from checkpoints where name = $1`,
    [name],
  );
  return row ?? START;
}

/** The live state and the checkpoint it belongs to, from one snapshot: they commit together. */
async function readLiveState(dataSource: DataSource, reaction: RebuildableReaction): Promise<{ position: CommitPosition; state: unknown }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query(`set transaction read only`);
    const position = await liveCheckpoint(runner.manager, reaction.name);
    const state = await reaction.snapshot(runner.manager);
    await runner.commitTransaction();
    return { position, state };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

async function countUpTo(sql: Sql, types: readonly string[] | undefined, until: CommitPosition): Promise<number> {
  const [{ n }] = await sql.query(
    `select count(*)::int as n from events where ($1::text[] is null or type = any($1::text[]))
       and (transaction_id, global_position) <= ($2::text::xid8, $3::bigint)`,
    [types ? [...types] : null, until.transactionId, until.globalPosition],
  );
  return n;
}

function firstDifference(live: unknown, rebuilt: unknown): string {
  if (Array.isArray(live) && Array.isArray(rebuilt)) {
    if (live.length !== rebuilt.length) return `live has ${live.length} rows, rebuilt has ${rebuilt.length}`;
    const i = live.findIndex((row, k) => !isDeepStrictEqual(row, rebuilt[k]));
    return `row ${i}: live ${JSON.stringify(live[i]).slice(0, 300)} ≠ rebuilt ${JSON.stringify(rebuilt[i]).slice(0, 300)}`;
  }
  return 'the states differ';
}
