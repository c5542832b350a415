import { parseArgs } from 'node:util';
import { InputEvent } from '@vigil/contracts';
import { ensureTopics } from '@vigil/messaging';
import { loadConfig, loadProtocols } from '@vigil/platform';
import { demoInjectionsFor, generateTrial, Injection, INJECTIONS, parseCalendarDate, profileFor } from '@vigil/simulation';
import { CliCommand, UsageError } from '../cli-command';
import { publishEvents } from '../simulate/publish-events';

export interface SimulateArgs {
  trial: string;
  subjects?: number;
  seed: number;
  start?: string;
  /** undefined: each trial's DEMO_INJECTIONS. */
  injections?: Injection[];
  dryRun: boolean;
}

const USAGE = [
  'Usage: vigil simulate [--trial <trialId|all>] [--subjects N] [--seed N] [--start YYYY-MM-DD]',
  '                      [--inject a,b,c | --no-injections] [--dry-run]',
  '',
  'Generates the simulated trials of the protocols in VIGIL_PROTOCOLS_DIR and publishes them to Kafka',
  "(KAFKA_BROKERS). Defaults: --trial all, --subjects = the protocol's targetEnrollment, --seed 1,",
  "--start = the trial's example first enrolment, --inject = the trial's demo set.",
  '--dry-run prints the events as JSON lines on stdout instead of publishing them.',
  '',
  `Injections: ${INJECTIONS.join(', ')}`,
].join('\n');

export function parseSimulateArgs(argv: string[]): SimulateArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        trial: { type: 'string', default: 'all' },
        subjects: { type: 'string' },
        seed: { type: 'string', default: '1' },
        start: { type: 'string' },
        inject: { type: 'string' },
        'no-injections': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const integer = (name: string, raw: string, min: number, max: number): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max)
      throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return value;
  };
  if (values.inject !== undefined && values['no-injections']) throw new UsageError('--inject and --no-injections exclude each other');
  const start = values.start as string | undefined;
  if (start !== undefined) {
    try {
      parseCalendarDate(start);
    } catch {
      throw new UsageError(`--start must be a calendar date YYYY-MM-DD (got "${start}")`);
    }
  }
  let injections: Injection[] | undefined = values['no-injections'] ? [] : undefined;
  if (typeof values.inject === 'string') {
    const names = values.inject
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !(INJECTIONS as readonly string[]).includes(n));
    if (unknown.length > 0)
      throw new UsageError(`unknown injection ${unknown.map((n) => `"${n}"`).join(', ')}; choose from ${INJECTIONS.join(', ')}`);
    injections = names as Injection[];
  }
  return {
    trial: values.trial as string,
    subjects: values.subjects === undefined ? undefined : integer('subjects', values.subjects as string, 1, 10_000),
    seed: integer('seed', values.seed as string, 0, 2 ** 32 - 1),
    start,
    injections,
    dryRun: Boolean(values['dry-run']),
  };
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'Publish simulated visits and AEs for the protocol trials (seeded, with injected safety signals)',
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    const args = parseSimulateArgs(argv);
    const config = loadConfig();
    const protocols = loadProtocols(config.protocolsDir);
    const selected = args.trial === 'all' ? [...protocols.values()] : [protocols.get(args.trial)].filter((p) => p !== undefined);
    if (selected.length === 0)
      throw new UsageError(`no protocol for trial "${args.trial}"; loaded: ${[...protocols.keys()].join(', ')}, or all`);

    // In a dry run stdout carries only the events, so the summary goes to stderr.
    const say = args.dryRun ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => console.log(line);
    const all: InputEvent[] = [];
    for (const protocol of selected) {
      const subjects = args.subjects ?? protocol.targetEnrollment ?? 10;
      const startDate = args.start ?? profileFor(protocol.trialId).defaultStartDate;
      const injections = args.injections ?? demoInjectionsFor(protocol.trialId);
      const events = generateTrial(protocol, { subjects, seed: args.seed, startDate, injections });
      all.push(...events);
      say(
        `${protocol.trialId}: ${events.length} events, ${subjects} subjects, seed ${args.seed}, first enrolment ${startDate}, injections: ${injections.join(', ') || 'none'}`,
      );
      for (const [type, count] of countByType(events)) say(`  ${type.padEnd(24)} ${String(count).padStart(6)}`);
    }

    if (args.dryRun) {
      await writeStdout(all.map((event) => `${JSON.stringify(event)}\n`).join(''));
      return 0;
    }
    // Left to the broker, a missing topic would be auto-created with one partition: no scale-out for the monitor.
    await ensureTopics(config.kafkaBrokers, [config.topics.visits, config.topics.adverseEvents], config.topicPartitions);
    const counts = await publishEvents(all, { brokers: config.kafkaBrokers, topics: config.topics });
    const topics = Object.entries(counts.byTopic)
      .map(([topic, n]) => `${n} to ${topic}`)
      .join(', ');
    say(`Published ${counts.total} events (${topics}) in ${counts.batches} batches to ${config.kafkaBrokers.join(',')}`);
    return 0;
  },
};

function countByType(events: InputEvent[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  return [...counts];
}

/** Resolves once the lines are flushed; a reader that stops early (`| head`) is not an error. */
function writeStdout(text: string): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (error) => (error && (error as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(error) : resolve())),
  );
}
