import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { overallHealth, readiness, reasonsByCheck } from '@vigil/platform';
import { Public } from '../auth/auth.guard';
import { HealthFiguresService } from './health-figures.service';

/**
 * The API answering is not "up": alerting is up when a monitor is alive and consuming, the store readers
 * and the outbox keep up, and the database and Kafka answer.
 *   /health/live   the API process answers (restart it otherwise)
 *   /health/ready  200, or 503 with every reason (database, kafka, monitor, readers, outbox, consumerLag)
 *   /health        always 200: `up`, or `degraded` with the same reasons (scripts wait on it)
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly figures: HealthFiguresService,
  ) {}

  @Get('live')
  @Public()
  @HealthCheck()
  live() {
    return this.health.check([
      () => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  async ready() {
    return readiness(this.health, this.indicators, await this.checks());
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Always 200: status `up`, or `degraded` with the reasons (scripts wait on it)' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status', 'checks'],
      properties: {
        status: { type: 'string', enum: ['up', 'degraded'] },
        reasons: { type: 'array', items: { type: 'string' } },
        checks: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['up', 'down'] } },
            additionalProperties: true,
          },
        },
      },
    },
  })
  async overall() {
    return overallHealth(this.health, this.indicators, await this.checks());
  }

  private async checks(): Promise<Record<string, string[]>> {
    return reasonsByCheck((await this.figures.snapshot()).figures, this.figures.bounds);
  }
}
