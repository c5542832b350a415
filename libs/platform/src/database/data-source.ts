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
