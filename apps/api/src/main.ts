import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { ConfigError, developmentSecretProblem, isLoopbackAddress, loadConfig, logStartupFailure, vigilNestLogger } from '@vigil/platform';
import { ApiModule } from './api.module';
import { serveDashboard } from './dashboard/serve-dashboard';
import { openApiDocument } from './openapi/openapi-document';

async function bootstrap(): Promise<void> {
  // Decided before anything connects: a published secret on a reachable address must never serve a request.
  const config = loadConfig();
  refuseDevelopmentSecretOn(config.host, config.jwtSecret);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { logger: vigilNestLogger() });
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, openApiDocument(app));
  serveDashboard(app);
  await app.listen(config.port, config.host);
  const bound = app.getHttpServer().address() as AddressInfo;
  try {
    // A host name (e.g. `localhost`) is resolved by listen: the address actually bound decides too.
    refuseDevelopmentSecretOn(bound.address, config.jwtSecret);
  } catch (error) {
    await app.close();
    throw error;
  }
  const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  const scope = isLoopbackAddress(bound.address) ? ' (loopback only: set HOST to listen beyond this machine)' : '';
  new Logger('Api').log(`Vigil API on http://${shown}:${bound.port}${scope} (dashboard at /, OpenAPI at /docs)`);
}

function refuseDevelopmentSecretOn(host: string, jwtSecret: string): void {
  const problem = developmentSecretProblem({ host, jwtSecret }, process.env.NODE_ENV);
  if (problem) throw new ConfigError([problem]);
}

bootstrap().catch((error) => {
  logStartupFailure('Vigil API', error);
  process.exit(1);
});
