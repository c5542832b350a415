import { useE2eRun } from './support/e2e-harness';

/**
 * The built apps connect as their own database roles (README "Database roles"), never as the owner that
 * DATABASE_URL names: PostgreSQL's own view of the run's connections says who each one is.
 */
describe('database roles of the running apps', () => {
  const run = useE2eRun('database-roles');

  /** Who the connections to this run's database are, other than the test's own (`run.sql`) pool. */
  const connectedAs = async (): Promise<string[]> => {
    const rows = await run.sql<{ usename: string }>(
      `select distinct usename from pg_stat_activity where datname = current_database() and application_name not like 'e2e-%'
       order by usename`,
    );
    return rows.map((r) => r.usename);
  };

  it('runs the monitor as vigil_monitor and the API as vigil_api', async () => {
    await run.startMonitor();
    await run.waitFor('the monitor connected', async () => (await connectedAs()).includes('vigil_monitor'));
    expect(await connectedAs()).toEqual(['vigil_monitor']);

    await run.startApi();
    const token = await run.mintToken({ role: 'dsmb', trials: ['*'] });
    const both = await run.waitFor('the API connected', async () => {
      // A request keeps one of the API's pooled connections open (idle ones close after a while).
      expect((await run.http('/api/trials', { token })).status).toBe(200);
      const users = await connectedAs();
      return users.includes('vigil_api') ? users : undefined;
    });
    expect(both).toEqual(['vigil_api', 'vigil_monitor']);
  });
});
