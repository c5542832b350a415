import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { ApiModule } from './api.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(ApiModule);
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vigil')
      .setDescription('Safety alerts for DSMBs and sponsors. Authenticate with a Bearer JWT (HS256).')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  const config = app.get<VigilConfig>(VIGIL_CONFIG);
  await app.listen(config.port, '0.0.0.0');
  new Logger('Api').log(`Vigil API on http://127.0.0.1:${config.port} (OpenAPI at /docs)`);
}

bootstrap().catch((error) => {
  console.error(`Vigil API failed to start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
