import { DataSource } from 'typeorm';
import { DatabaseTimeouts, DEFAULTS } from '../config/config';
import { MIGRATIONS } from './migrations';

const DEFAULT_TIMEOUTS: DatabaseTimeouts = {
  statementTimeoutMs: DEFAULTS.dbStatementTimeoutMs,
  idleInTransactionTimeoutMs: DEFAULTS.dbIdleInTransactionTimeoutMs,
};

/**
 * Schema comes from migrations only; `synchronize` would let TypeORM drop columns with their data.
 * Every connection carries the timeouts (sent at connection start-up, so no pooled connection lacks them).
 */
export function createDataSource(databaseUrl: string, poolSize = 10, timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    extra: {
      max: poolSize,
      application_name: 'vigil',
      statement_timeout: timeouts.statementTimeoutMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    },
    logging: ['error'],
  });
}

/** Runs pending migrations under an advisory lock, so several instances starting together do not race. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`select pg_advisory_lock(hashtext('vigil:migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query(`select pg_advisory_unlock(hashtext('vigil:migrations'))`).catch(() => undefined);
    await runner.release();
  }
}

/** Refuses a schema behind this build's migrations, with what to do, instead of failing on the first query. */
export async function assertMigrated(dataSource: DataSource): Promise<void> {
  const applied = new Set<string>();
  try {
    for (const row of await dataSource.query(`select name from schema_migrations`)) applied.add(row.name);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error; // undefined_table: never migrated
  }
  const pending = MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
  if (pending.length > 0) {
    throw new Error(
      `the database is not migrated (pending: ${pending.join(', ')}): run \`vigil migrate\` with DATABASE_URL, the schema owner`,
    );
  }
}

/** Migrates the database at `databaseUrl` (its owner's URL) over a short-lived connection (`vigil migrate`, tests, bench). */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl, 2);
  await dataSource.initialize();
  try {
    return await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
