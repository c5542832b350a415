import { ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

/** Body of `GET /health`: always HTTP 200 (scripts wait on it), `degraded` with every reason when not ready. */
export interface OverallHealth {
  status: 'up' | 'degraded';
  reasons: string[];
  checks: HealthCheckResult['details'];
}

/** `GET /health/ready`: terminus answers 200 when every check is up, 503 with the reasons otherwise. */
export function readiness(
  health: HealthCheckService,
  indicators: HealthIndicatorService,
  checks: Record<string, string[]>,
): Promise<HealthCheckResult> {
  return health.check(
    Object.entries(checks).map(
      ([key, reasons]) =>
        () =>
          reasons.length === 0 ? indicators.check(key).up() : indicators.check(key).down({ reasons }),
    ),
  );
}

export async function overallHealth(
  health: HealthCheckService,
  indicators: HealthIndicatorService,
  checks: Record<string, string[]>,
): Promise<OverallHealth> {
  const reasons = Object.values(checks).flat();
  try {
    const result = await readiness(health, indicators, checks);
    return { status: 'up', reasons, checks: result.details };
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    const result = error.getResponse() as HealthCheckResult;
    return { status: 'degraded', reasons, checks: result.details };
  }
}
