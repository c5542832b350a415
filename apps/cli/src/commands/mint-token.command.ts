import { parseArgs } from 'node:util';
import { mintToken, Role, ROLES } from '@vigil/auth';
import { loadConfig } from '@vigil/platform';
import { CliCommand, UsageError } from '../cli-command';

/** The lifetime when --ttl is not given (capped by AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
const DEFAULT_TTL_SECONDS = 8 * 3600;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export const mintTokenCommand: CliCommand = {
  name: 'mint-token',
  summary: 'Print a JWT for local use, signed with AUTH_JWT_SECRET',
  usage: [
    'Usage: vigil mint-token --role <dsmb|sponsor|safety-officer> [--trials <id,id|*>] [--sub <name>] [--ttl <30m|8h|3600>]',
    '',
    '--ttl is the lifetime (s, m, h or d; a bare number is seconds), default 8h or AUTH_MAX_TOKEN_LIFETIME_SECONDS',
    'if that is shorter; the API refuses a longer one. The token carries iss and aud when AUTH_JWT_ISSUER and',
    'AUTH_JWT_AUDIENCE are set.',
    '',
    "Example: vigil mint-token --role dsmb --trials '*' --ttl 1h",
  ].join('\n'),
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        trials: { type: 'string', default: '*' },
        sub: { type: 'string' },
        ttl: { type: 'string' },
      },
    });
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const config = loadConfig();
    const max = config.tokens.maxLifetimeSeconds;
    const ttlSeconds = values.ttl === undefined ? Math.min(DEFAULT_TTL_SECONDS, max) : parseTtl(values.ttl);
    if (ttlSeconds > max) {
      throw new UsageError(`--ttl ${values.ttl} is longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS (${max} s): the API would refuse the token`);
    }
    const trials = (values.trials ?? '*')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const token = mintToken({ sub: values.sub ?? `local-${role}`, role, trials }, config.jwtSecret, {
      ttlSeconds,
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
    });
    console.log(token);
    return 0;
  },
};

/** `90`, `90s`, `30m`, `8h`, `1d` → seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || 's'] : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0)
    throw new UsageError(`--ttl must be a positive duration such as 3600, 30m, 8h (got "${text}")`);
  return seconds;
}
