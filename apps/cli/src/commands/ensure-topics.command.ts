import { parseArgs } from 'node:util';
import { ensureTopics, topicPartitionCounts } from '@vigil/messaging';
import { ENV, loadConfig } from '@vigil/platform';
import { CliCommand, UsageError } from '../cli-command';

const USAGE = `Usage: vigil ensure-topics [--partitions <n>]

Creates Vigil's Kafka topics if they are missing (idempotent; existing topics are never changed):
the visit and adverse-event input topics, the dead-letter topic and the sponsor notification topic.
Names, brokers and partition count come from the environment:
  ${ENV.kafkaBrokers}, ${ENV.topicVisits}, ${ENV.topicAdverseEvents}, ${ENV.topicDeadLetter},
  ${ENV.topicNotifications}, ${ENV.topicPartitions}

Options:
  --partitions <n>   partitions for topics created now (default: ${ENV.topicPartitions}, 6 when unset)`;

export const ensureTopicsCommand: CliCommand = {
  name: 'ensure-topics',
  summary: 'Create the Kafka topics Vigil uses, if missing',
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    let values: { partitions?: string };
    try {
      ({ values } = parseArgs({ args: argv, options: { partitions: { type: 'string' } }, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const config = loadConfig();
    let partitions = config.topicPartitions;
    if (values.partitions !== undefined) {
      partitions = Number(values.partitions);
      if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) {
        throw new UsageError(`--partitions must be an integer from 1 to 1000 (got "${values.partitions}")`);
      }
    }
    const topics = [config.topics.visits, config.topics.adverseEvents, config.topics.deadLetter, config.topics.notifications];
    const brokers = config.kafkaBrokers.join(',');

    let created: string[];
    let counts: Record<string, number>;
    try {
      created = await ensureTopics(config.kafkaBrokers, topics, partitions);
      counts = await topicPartitionCounts(config.kafkaBrokers, topics);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Could not ensure the topics on Kafka at ${brokers}: ${reason}\n(Local broker: bash scripts/kafka.sh start; or set ${ENV.kafkaBrokers}.)`,
        {
          cause: error,
        },
      );
    }
    for (const topic of topics) {
      const actual = counts[topic];
      if (created.includes(topic)) {
        console.log(`created  ${topic} (${actual ?? partitions} partitions)`);
      } else {
        const note =
          actual !== undefined && actual !== partitions ? `; ${ENV.topicPartitions} is ${partitions}, existing topics are not changed` : '';
        console.log(`present  ${topic} (${actual ?? '?'} partitions${note})`);
      }
    }
    console.log(
      `${created.length === 0 ? 'All topics were already present' : `Created ${created.length} of ${topics.length} topics`} on ${brokers}.`,
    );
    return 0;
  },
};
