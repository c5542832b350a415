import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { logStartupFailure, vigilNestLogger, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { ApiModule } from './api.module';
import { openApiDocument } from './openapi/openapi-document';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(ApiModule, { logger: vigilNestLogger() });
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, openApiDocument(app));
  const config = app.get<VigilConfig>(VIGIL_CONFIG);
  await app.listen(config.port, '0.0.0.0');
  new Logger('Api').log(`Vigil API on http://127.0.0.1:${config.port} (OpenAPI at /docs)`);
}

bootstrap().catch((error) => {
  logStartupFailure('Vigil API', error);
  process.exit(1);
});
