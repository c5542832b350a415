import { resolve } from 'node:path';
import { UsageError } from '../cli-command';
import { parseSimulateArgs, simulateCommand } from './simulate.command';

describe('vigil simulate arguments', () => {
  it('defaults to every trial with its demo injections', () => {
    expect(parseSimulateArgs([])).toEqual({
      trial: 'all',
      subjects: undefined,
      seed: 1,
      start: undefined,
      injections: undefined,
      dryRun: false,
    });
  });

  it('reads every option', () => {
    expect(
      parseSimulateArgs([
        '--trial',
        'NCT04410731',
        '--subjects',
        '3',
        '--seed',
        '42',
        '--start',
        '2021-02-01',
        '--inject',
        'sae, fever',
        '--dry-run',
      ]),
    ).toEqual({ trial: 'NCT04410731', subjects: 3, seed: 42, start: '2021-02-01', injections: ['sae', 'fever'], dryRun: true });
    expect(parseSimulateArgs(['--no-injections']).injections).toEqual([]);
  });

  it.each([
    [['--subjects', '0'], /--subjects must be an integer from 1 to 10000 \(got "0"\)/],
    [['--seed', 'x'], /--seed must be an integer/],
    [['--start', '2021-02-30'], /--start must be a calendar date YYYY-MM-DD \(got "2021-02-30"\)/],
    [['--inject', 'sae,teleport'], /unknown injection "teleport"; choose from sae, susar, /],
    [['--inject', 'sae', '--no-injections'], /exclude each other/],
    [['--subject', '3'], /Unknown option '--subject'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSimulateArgs(argv)).toThrow(UsageError);
    expect(() => parseSimulateArgs(argv)).toThrow(message);
  });
});

describe('vigil simulate --dry-run', () => {
  const env = process.env.VIGIL_PROTOCOLS_DIR;
  beforeAll(() => (process.env.VIGIL_PROTOCOLS_DIR = resolve(__dirname, '../../../../protocols')));
  afterAll(() => (env === undefined ? delete process.env.VIGIL_PROTOCOLS_DIR : (process.env.VIGIL_PROTOCOLS_DIR = env)));

  it('prints JSON lines on stdout and the counts on stderr', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, done?: unknown) => {
      out.push(String(chunk));
      if (typeof done === 'function') done();
      return true;
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    try {
      expect(await simulateCommand.run(['--trial', 'MSC-INTRADISCAL-33', '--subjects', '2', '--inject', 'sae', '--dry-run'])).toBe(0);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const events = out
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.length).toBeGreaterThan(10);
    expect(events.every((e) => e.trialid === 'MSC-INTRADISCAL-33')).toBe(true);
    expect(err[0]).toMatch(/^MSC-INTRADISCAL-33: \d+ events, 2 subjects, seed 1, first enrolment 2017-03-06, injections: sae/);
    expect(err.join('')).toMatch(/subject\.enrolled\s+2\n/);
  });

  it('names the loaded trials when asked for another one', async () => {
    await expect(simulateCommand.run(['--trial', 'NCT99999999', '--dry-run'])).rejects.toThrow(
      'no protocol for trial "NCT99999999"; loaded: NCT04410731, MSC-EPIDURAL-IV-48, MSC-INTRADISCAL-33, or all',
    );
  });
});
