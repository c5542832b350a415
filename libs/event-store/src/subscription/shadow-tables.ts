import { DataSource, EntityManager } from 'typeorm';
import { Sql } from '../stored-event';

/** Where a rebuild replays: copies of a reader's tables, never read by the live monitor or the API. */
export const SHADOW_SCHEMA = 'vigil_rebuild';

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** Empty copies of `tables` (columns, defaults, keys, indexes) in the shadow schema; left-overs of an interrupted rebuild are dropped. */
export async function createShadowTables(sql: Sql, tables: readonly string[]): Promise<void> {
  for (const table of tables) if (!TABLE_NAME.test(table)) throw new Error(`not a table name: ${table}`);
  try {
    await sql.query(`create schema if not exists ${SHADOW_SCHEMA}`);
  } catch (error) {
    // Two rebuilds (of different readers) starting together: the other one created it.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
  for (const table of tables) {
    await sql.query(`drop table if exists ${SHADOW_SCHEMA}.${table}`);
    await sql.query(`create table ${SHADOW_SCHEMA}.${table} (like ${table} including all)`);
  }
}

export async function dropShadowTables(sql: Sql, tables: readonly string[]): Promise<void> {
  for (const table of tables) await sql.query(`drop table if exists ${SHADOW_SCHEMA}.${table}`);
}

/**
 * Makes the rest of the transaction resolve unqualified table names to the shadow copies first, so a
 * reaction's own SQL writes the shadow while `events`, `checkpoints` and every table it does not own
 * stay the live ones. Returns the search path to go back to.
 */
export async function useShadowTables(sql: Sql): Promise<string> {
  const [{ previous }] = await sql.query(`select current_setting('search_path') as previous`);
  await sql.query(`select set_config('search_path', $1, true)`, [`${SHADOW_SCHEMA}, ${previous}`]);
  return previous;
}

export async function useLiveTables(sql: Sql, searchPath: string): Promise<void> {
  await sql.query(`select set_config('search_path', $1, true)`, [searchPath]);
}

/** Replaces the live tables' rows with the shadow's (inside the caller's transaction). */
export async function copyShadowToLive(sql: Sql, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await sql.query(`delete from ${table}`);
    await sql.query(`insert into ${table} select * from ${SHADOW_SCHEMA}.${table}`);
  }
}

/** A short transaction whose unqualified table names are the shadow copies. */
export function inShadow<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (tx) => {
    await useShadowTables(tx);
    return work(tx);
  });
}
