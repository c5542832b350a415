import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InputTopicRole } from '@vigil/contracts';
import { createKafka, DurableBatchConsumer, ReceivedBatch } from '@vigil/messaging';
import { ENV, GroupCommit, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { DataSource } from 'typeorm';
import { MonitorMetrics } from '../monitor-metrics';
import { IngestResult } from './ingest-batch';
import { ingestTogether, RoledBatch } from './ingest-together';

/** EDC topics → event store. One transaction per Kafka batch; the offset is committed after it. */
@Injectable()
export class IngestClinicalEventsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ingest');
  private consumer?: DurableBatchConsumer;

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly dataSource: DataSource,
    private readonly metrics: MonitorMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { topics } = this.config;
    const roles = new Map<string, InputTopicRole>([
      [topics.visits, 'visits'],
      [topics.adverseEvents, 'adverseEvents'],
    ]);
    const kafka = createKafka(this.config.kafkaBrokers, 'vigil-monitor');
    this.consumer = new DurableBatchConsumer(
      kafka,
      {
        groupId: this.config.consumerGroup,
        sessionTimeoutMs: this.config.kafkaSessionTimeoutMs,
        partitionsConsumedConcurrently: 12, // both EDC topics × their default 6 partitions
        topics: [...roles.keys()],
        afterDurable: faultInjection(),
        onCrash: (error) => {
          this.logger.error(`consumer stopped for good: ${String(error)}; exiting so a supervisor restarts the monitor`);
          process.exit(1);
        },
      },
      (batch) => this.ingest(batch, roles.get(batch.topic) as InputTopicRole),
    );
    await this.consumer.start();
    this.logger.log(`consuming ${[...roles.keys()].join(', ')} as group ${this.config.consumerGroup}`);
  }

  // Batches of several partitions that arrive while a transaction runs share the next one.
  private readonly together = new GroupCommit<RoledBatch, IngestResult>((batches) => ingestTogether(this.dataSource, batches, new Date().toISOString()));

  private async ingest(batch: ReceivedBatch, role: InputTopicRole): Promise<void> {
    const result = await this.together.submit({ batch, role });
    this.metrics.recordIngest(batch.topic, result);
    if (result.deadLetters > 0) {
      this.logger.warn(`${batch.topic}[${batch.partition}]: ${result.deadLetters} message(s) sent to the dead-letter topic`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}

/**
 * VIGIL_FAULT_INJECTION=crash-after-store-commit kills the process after a batch is durable but before its
 * offset is committed: the crash the delivery guarantees are built for, made reproducible for tests.
 */
function faultInjection(): ((batch: ReceivedBatch) => void) | undefined {
  if (process.env[ENV.faultInjection] !== 'crash-after-store-commit') return undefined;
  return () => {
    process.stderr.write('fault injection: crashing after the store commit, before the offset commit\n');
    process.kill(process.pid, 'SIGKILL');
  };
}
