import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig, VigilConfig } from '../config/config';
import { AppDatabaseRole } from '../database/database-roles';
import { assertMigrated, createDataSource } from '../database/data-source';

export const VIGIL_CONFIG = Symbol('VIGIL_CONFIG');

/**
 * Config (validated once) and the database, shared by every app. `connectAs` picks the app's own role
 * (README "Database roles"); the apps do not migrate: `vigil migrate` does, as DATABASE_URL's owner, and
 * an app refuses to start on a schema that is behind it.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: { config?: VigilConfig; connectAs?: AppDatabaseRole | 'owner'; poolSize?: number } = {}): DynamicModule {
    const config = options.config ?? loadConfig();
    return {
      module: PlatformModule,
      providers: [
        { provide: VIGIL_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: async () => {
            const connectAs = options.connectAs ?? 'owner';
            const url = { owner: config.databaseUrl, monitor: config.monitorDatabaseUrl, api: config.apiDatabaseUrl }[connectAs];
            const dataSource = createDataSource(url, options.poolSize, config.database);
            await dataSource.initialize();
            await assertMigrated(dataSource);
            return dataSource;
          },
        },
      ],
      exports: [VIGIL_CONFIG, DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
