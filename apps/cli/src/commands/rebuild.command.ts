import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@vigil/platform';
import { REBUILDABLE_NAMES, RebuildModule, RebuildReadModel } from '@vigil/safety-rules';
import { CliCommand, UsageError } from '../cli-command';

export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'Rebuild read models from the event store beside the live ones, then check they are equal',
  usage: [
    'Usage: vigil rebuild [<name>|all] [--keep-if-different] [--duty-cycle <0.05-1>] [--batch-size <10-10000>]',
    '',
    'Each rebuild replays the store into shadow tables in short transactions (the live monitor goes on',
    'alerting), and compares with the live state at the same position. A differing rebuild is discarded',
    'unless --keep-if-different is given: then it is swapped in, in one short transaction, with the events',
    'handled since. --duty-cycle d lets the replay work only that share of the time (e.g. 0.25 beside a',
    'monitor under load: it rests three times as long as each batch took); --batch-size n (default 1000)',
    'events per transaction: smaller batches make shorter bursts beside a live monitor. Exit code 3 when',
    'any rebuilt state differs.',
  ].join('\n'),
  async run(argv: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'keep-if-different': { type: 'boolean', default: false },
        'duty-cycle': { type: 'string', default: '1' },
        'batch-size': { type: 'string', default: '1000' },
      },
    });
    const dutyCycle = Number(values['duty-cycle']);
    if (!(dutyCycle >= 0.05 && dutyCycle <= 1))
      throw new UsageError(`--duty-cycle must be a number from 0.05 to 1 (got "${values['duty-cycle']}")`);
    const batchSize = Number(values['batch-size']);
    if (!(Number.isInteger(batchSize) && batchSize >= 10 && batchSize <= 10_000))
      throw new UsageError(`--batch-size must be an integer from 10 to 10000 (got "${values['batch-size']}")`);
    const wanted = positionals[0] ?? 'all';
    const chosen = wanted === 'all' ? REBUILDABLE_NAMES : REBUILDABLE_NAMES.filter((name) => name === wanted);
    if (chosen.length === 0) throw new UsageError(`unknown read model "${wanted}" (known: ${REBUILDABLE_NAMES.join(', ')}, all)`);
    // The same RebuildReadModel command the monitor registers, on a CommandBus of its own (no Kafka, no readers).
    const app = await NestFactory.createApplicationContext(
      { module: RebuildApplication, imports: [PlatformModule.forRoot({ poolSize: 2 }), CqrsModule.forRoot(), RebuildModule] },
      { logger: ['error', 'warn'], abortOnError: false },
    );
    let differing = 0;
    try {
      const commands = app.get(CommandBus);
      for (const name of chosen) {
        const started = Date.now();
        const report = await commands.execute(
          new RebuildReadModel(name, {
            keepIfDifferent: values['keep-if-different'],
            dutyCycle,
            batchSize,
            onProgress: (handled, total) => process.stderr.write(`\r${progressBar(name, handled, total)}`),
          }),
        );
        process.stderr.write(`\r${progressBar(name, report.events, report.events)}\n`);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (report.equal) console.log(`${report.name}: rebuilt from ${report.events} events in ${seconds} s — equal to the live state`);
        else {
          differing += 1;
          console.log(`${report.name}: rebuilt from ${report.events} events — DIFFERS from the live state (${report.difference})`);
        }
      }
      return differing > 0 ? 3 : 0;
    } finally {
      await app.close();
    }
  },
};

@Module({})
class RebuildApplication {}

function progressBar(name: string, handled: number, total: number): string {
  const width = 30;
  const share = total === 0 ? 1 : Math.min(1, handled / total);
  const filled = Math.round(share * width);
  return `${name.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${handled}/${total} events`;
}
