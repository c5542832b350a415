import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../../libs/platform/src/database/data-source';

/** A fresh, migrated database on the server of DATABASE_URL, for one test file; dropped by `drop()`. */
export async function createTestDatabase(label: string): Promise<{ dataSource: DataSource; url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which provides PostgreSQL');
  const name = `vigil_it_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), 8);
  await dataSource.initialize();
  await migrate(dataSource);
  return {
    dataSource,
    url: url.toString(),
    async drop() {
      await dataSource.destroy();
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
