import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig, VigilConfig } from '../config/config';
import { createDataSource, migrate } from '../database/data-source';

export const VIGIL_CONFIG = Symbol('VIGIL_CONFIG');

/** Config (validated once), the database (migrated before anything reads it). Shared by every app. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: { config?: VigilConfig; runMigrations?: boolean; poolSize?: number } = {}): DynamicModule {
    const config = options.config ?? loadConfig();
    return {
      module: PlatformModule,
      providers: [
        { provide: VIGIL_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource(config.databaseUrl, options.poolSize, config.database);
            await dataSource.initialize();
            if (options.runMigrations) {
              const applied = await migrate(dataSource);
              if (applied.length) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
            }
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
