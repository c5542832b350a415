import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { overallHealth, readiness } from '@vigil/platform';
import { MonitorReadinessService } from './monitor-readiness.service';

/**
 * The monitor's probes on VIGIL_MONITOR_PORT. live: the process and its event loop answer (a supervisor
 * restarts it otherwise). ready: its consumer runs and what it feeds keeps up (503 with reasons otherwise).
 */
@Controller('health')
export class MonitorHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readinessService: MonitorReadinessService,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([
      () => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    return readiness(this.health, this.indicators, await this.readinessService.reasonsByCheck());
  }

  @Get()
  async overall() {
    return overallHealth(this.health, this.indicators, await this.readinessService.reasonsByCheck());
  }
}
