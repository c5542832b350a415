import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Schema comes from migrations only; `synchronize` would let TypeORM drop columns with their data. */
export function createDataSource(databaseUrl: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    extra: { max: poolSize, application_name: 'vigil' },
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
