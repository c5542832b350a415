import { Body, Controller, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { mintToken } from '@vigil/auth';
import { DEFAULTS, developmentSecretProblem, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { Public } from '../auth/auth.guard';
import { ApiProblems } from '../http/api-problems.decorator';
import { DevTokenDto, DevTokenRequest } from './dev-tokens.dto';

/** Short: a development token is for one sitting at the dashboard. */
const DEV_TOKEN_SECONDS = 3600;

/**
 * The dashboard's development sign-in (loopback only). It exists only while the API runs with the built-in
 * development secret, which is published and so already lets anyone on this machine mint any token (the
 * same rule as the start-up check: loopback bind, never NODE_ENV=production). With a real AUTH_JWT_SECRET
 * it answers 404 as if it were not there.
 */
@ApiTags('development')
@ApiProblems(400, 404, 500)
@Controller('api/dev/tokens')
export class DevTokensController {
  constructor(@Inject(VIGIL_CONFIG) private readonly config: VigilConfig) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mint a short-lived token (development secret on loopback only; 404 otherwise)',
    description:
      "For the dashboard's development sign-in. Exists only when the API runs with the built-in development secret " +
      '(which the API accepts only on a loopback address and never with NODE_ENV=production); the token expires in one hour.',
  })
  @ApiOkResponse({ type: DevTokenDto })
  mint(@Body() { role, trials }: DevTokenRequest): DevTokenDto {
    if (!developmentSignInEnabled(this.config)) throw new NotFoundException('Cannot POST /api/dev/tokens');
    const ttlSeconds = Math.min(DEV_TOKEN_SECONDS, this.config.tokens.maxLifetimeSeconds);
    const token = mintToken({ sub: `dev-${role}`, role, trials }, this.config.jwtSecret, {
      ttlSeconds,
      ...(this.config.tokens.issuer ? { issuer: this.config.tokens.issuer } : {}),
      ...(this.config.tokens.audience ? { audience: this.config.tokens.audience } : {}),
    });
    return { token, expiresIn: ttlSeconds };
  }
}

export function developmentSignInEnabled(config: VigilConfig): boolean {
  return config.jwtSecret === DEFAULTS.jwtSecret && developmentSecretProblem(config, process.env.NODE_ENV) === undefined;
}
