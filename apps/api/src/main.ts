import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { ApiModule } from './api.module';
import { openApiDocument } from './openapi/openapi-document';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(ApiModule);
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, openApiDocument(app));
  const config = app.get<VigilConfig>(VIGIL_CONFIG);
  await app.listen(config.port, '0.0.0.0');
  new Logger('Api').log(`Vigil API on http://127.0.0.1:${config.port} (OpenAPI at /docs)`);
}

bootstrap().catch((error) => {
  console.error(`Vigil API failed to start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
