import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { createDataSource } from './data-source';

/** Every connection of the apps carries the configured timeouts: a stuck statement or a forgotten transaction ends. */
describe('database timeouts (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('timeouts');
    ds = createDataSource(db.url, 2, { statementTimeoutMs: 1_000, idleInTransactionTimeoutMs: 1_000 });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('applies them to every pooled connection', async () => {
    const settings = await Promise.all(
      [1, 2].map(() =>
        ds.transaction((tx) =>
          tx.query(`select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`),
        ),
      ),
    );
    expect(settings.flat()).toEqual([
      { s: '1s', i: '1s' },
      { s: '1s', i: '1s' },
    ]);
  });

  it('cancels a statement that runs longer than the statement timeout', async () => {
    await expect(ds.query(`select pg_sleep(3)`)).rejects.toThrow(/statement timeout/);
  });

  it('ends a transaction left idle longer than the idle-in-transaction timeout', async () => {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`select 1`);
      // The server waits on its own clock: only a pause longer than the timeout shows it.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // The server closed the session (TypeORM then drops the runner): the transaction is gone.
      await expect(runner.query(`select 1`)).rejects.toThrow(/terminat|released/i);
      const [{ n }] = await db.dataSource.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
      );
      expect(n).toBe(0);
    } finally {
      await runner.release().catch(() => undefined);
    }
  });

  it('gives the apps generous defaults', async () => {
    const [row] = await db.dataSource.query(
      `select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`,
    );
    expect(row).toEqual({ s: '1min', i: '30s' });
  });
});
