import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { PgWakeups, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';

/**
 * PostgreSQL LISTEN for the readers that wait on commits (store reactions, outbox relay): across processes
 * a commit wakes them through NOTIFY, not through the in-process EventBus.
 */
@Module({
  providers: [
    {
      provide: PgWakeups,
      inject: [VIGIL_CONFIG],
      useFactory: async (config: VigilConfig) => {
        const wakeups = new PgWakeups(config.monitorDatabaseUrl, new Logger('Wakeups'));
        await wakeups.start();
        return wakeups;
      },
    },
  ],
  exports: [PgWakeups],
})
export class WakeupsModule implements OnApplicationShutdown {
  constructor(private readonly wakeups: PgWakeups) {}

  async onApplicationShutdown(): Promise<void> {
    await this.wakeups.stop();
  }
}
