import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createKafka, OutboxRelay } from '@vigil/messaging';
import { PgWakeups, VIGIL_CONFIG, VigilConfig, WAKE_CHANNELS } from '@vigil/platform';
import { DataSource } from 'typeorm';

/** Outbox → `safety.notifications.v1` and `clinical.dead-letter.v1`. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  readonly relay: OutboxRelay;

  constructor(@Inject(VIGIL_CONFIG) config: VigilConfig, dataSource: DataSource, wakeups: PgWakeups) {
    const kafka = createKafka(config.kafkaBrokers, 'vigil-outbox-relay');
    this.relay = new OutboxRelay(dataSource, kafka, {
      topics: config.topics,
      pollIntervalMs: config.pollIntervalMs,
      maxMessageBytes: config.outboxMaxMessageBytes,
      maxAttempts: config.outboxMaxAttempts,
      retentionSeconds: config.outboxRetentionSeconds,
      logger: this.logger,
    });
    wakeups.on(WAKE_CHANNELS.outbox, () => this.relay.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
