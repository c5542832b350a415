import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MonitorModule } from './monitor.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(MonitorModule, { bufferLogs: false });
  app.enableShutdownHooks();
  new Logger('Monitor').log('Vigil monitor running');
}

bootstrap().catch((error) => {
  console.error(`Vigil monitor failed to start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
