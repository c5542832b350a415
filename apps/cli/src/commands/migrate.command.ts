import { createDataSource, loadConfig, migrate } from '@vigil/platform';
import { CliCommand } from '../cli-command';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Create or update the database schema (DATABASE_URL)',
  usage: 'Usage: vigil migrate\n\nRuns pending migrations; safe to repeat and to run from several places at once.',
  async run(): Promise<number> {
    const config = loadConfig();
    const dataSource = createDataSource(config.databaseUrl, 2, config.database);
    await dataSource.initialize();
    try {
      const applied = await migrate(dataSource);
      console.log(applied.length ? `vigil: applied ${applied.join(', ')}` : 'vigil: database schema is up to date');
      return 0;
    } finally {
      await dataSource.destroy();
    }
  },
};
