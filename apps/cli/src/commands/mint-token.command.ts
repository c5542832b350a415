import { parseArgs } from 'node:util';
import { mintToken, Role, ROLES } from '@vigil/auth';
import { loadConfig } from '@vigil/platform';
import { CliCommand, UsageError } from '../cli-command';

export const mintTokenCommand: CliCommand = {
  name: 'mint-token',
  summary: 'Print a JWT for local use, signed with AUTH_JWT_SECRET',
  usage: [
    'Usage: vigil mint-token --role <dsmb|sponsor|safety-officer> [--trials <id,id|*>] [--sub <name>] [--hours N]',
    '',
    "Example: vigil mint-token --role dsmb --trials '*'",
  ].join('\n'),
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        trials: { type: 'string', default: '*' },
        sub: { type: 'string' },
        hours: { type: 'string', default: '8' },
      },
    });
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const hours = Number(values.hours);
    if (!Number.isFinite(hours) || hours <= 0) throw new UsageError('--hours must be a positive number');
    const trials = (values.trials ?? '*')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const token = mintToken({ sub: values.sub ?? `local-${role}`, role, trials }, loadConfig().jwtSecret, Math.round(hours * 3600));
    console.log(token);
    return 0;
  },
};
