import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InputTopicRole } from '@vigil/contracts';
import { ConsumerStatus, createKafka, DurableBatchConsumer, ReceivedBatch } from '@vigil/messaging';
import { ENV, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { RecordIngestedBatch } from './record-ingested-batch.command';

/**
 * EDC topics → event store. Each chunk of a Kafka batch is a RecordIngestedBatch command, awaited: the
 * offset is committed only after it resolves, and a rejection reaches the consumer, which retries.
 * A crashed or evicted consumer is replaced in-process (DurableBatchConsumer): the monitor never exits for it.
 */
@Injectable()
export class IngestClinicalEventsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ingest');
  private consumer?: DurableBatchConsumer;

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly commands: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
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
        logger: this.logger,
      },
      (batch) => this.record(batch, roles.get(batch.topic) as InputTopicRole),
    );
    // Not awaited: joining the group can take a session timeout (a killed predecessor's membership must
    // expire first), and meanwhile the health endpoints already answer, saying "starting". The consumer
    // logs "consuming …" each time one runs (start-up, and after every recovery) and retries failures itself.
    void this.consumer.start();
  }

  get consumerStatus(): ConsumerStatus {
    return this.consumer?.status ?? { state: 'starting', restarts: 0 };
  }

  private async record(batch: ReceivedBatch, role: InputTopicRole): Promise<void> {
    await this.commands.execute(new RecordIngestedBatch(batch, role));
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
