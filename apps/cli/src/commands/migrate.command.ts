import { loadConfig, migrateDatabase } from '@vigil/platform';
import { CliCommand } from '../cli-command';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Create or update the database schema (DATABASE_URL)',
  usage:
    'Usage: vigil migrate\n\nRuns pending migrations as DATABASE_URL (the schema owner), creating the roles vigil_monitor and vigil_api\nwhen missing and granting them what they may do (README "Database roles"); safe to repeat and to run\nfrom several places at once. The monitor and the API do not migrate: run this before starting them.',
  async run(): Promise<number> {
    const config = loadConfig();
    const applied = await migrateDatabase(config.databaseUrl);
    console.log(applied.length ? `vigil: applied ${applied.join(', ')}` : 'vigil: database schema is up to date');
    return 0;
  },
};
