import { parseArgs } from 'node:util';
import { createDataSource, loadConfig } from '@vigil/platform';
import { CliCommand } from '../cli-command';
import { formatSummary, summarise } from '../report/alert-summary';
import { measureBacklog, waitUntilProcessed } from '../report/wait-until-processed';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Print what Vigil raised, per trial (--wait: first wait until everything sent is processed)',
  usage: 'Usage: vigil report [--trial <trialId>] [--wait] [--timeout <seconds>] [--json]',
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        trial: { type: 'string' },
        wait: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '300' },
        json: { type: 'boolean', default: false },
      },
    });
    const config = loadConfig();
    const dataSource = createDataSource(config.databaseUrl, 2, config.database);
    await dataSource.initialize();
    try {
      if (values.wait) {
        const measure = () => measureBacklog(dataSource, config.kafkaBrokers, config.consumerGroup, config.topics);
        await waitUntilProcessed(measure, Number(values.timeout) * 1000, (b) => {
          if (process.stdout.isTTY)
            process.stdout.write(
              `\rvigil: waiting — Kafka lag ${b.kafkaLag}, rules ${b.rules}, read model ${b.alertsReadModel}, outbox ${b.outbox}   `,
            );
        });
        if (process.stdout.isTTY) process.stdout.write('\n');
      }
      const summaries = await summarise(dataSource, values.trial);
      if (values.json) console.log(JSON.stringify(summaries, null, 2));
      else console.log(summaries.length ? summaries.map(formatSummary).join('\n\n') : 'vigil: no events stored yet');
      return 0;
    } finally {
      await dataSource.destroy();
    }
  },
};
