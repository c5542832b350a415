import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../../libs/platform/src/database/data-source';
import { createScratchDatabase } from '../../libs/platform/src/database/scratch-database';

/** A fresh, migrated database on the server of DATABASE_URL, for one test file; dropped by `drop()`. */
export async function createTestDatabase(label: string): Promise<{ dataSource: DataSource; url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which provides PostgreSQL');
  const name = `vigil_it_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const scratch = await createScratchDatabase(serverUrl, name);
  const dataSource = createDataSource(scratch.url, 8);
  await dataSource.initialize();
  await migrate(dataSource);
  return {
    dataSource,
    url: scratch.url,
    async drop() {
      await dataSource.destroy();
      await scratch.drop();
    },
  };
}
