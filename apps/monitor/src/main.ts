import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, logStartupFailure, vigilNestLogger } from '@vigil/platform';
import { MonitorModule } from './monitor.module';

/**
 * The monitor serves only its health probes over HTTP (VIGIL_MONITOR_PORT, 0 = none). A consumer crash is
 * recovered in-process; the process exits only when start-up fails, and then a supervisor restarts it.
 */
async function bootstrap(): Promise<void> {
  const { monitorPort: port, host } = loadConfig();
  let app: INestApplicationContext;
  if (port === 0) {
    app = await NestFactory.createApplicationContext(MonitorModule, { logger: vigilNestLogger() });
  } else {
    const http = await NestFactory.create(MonitorModule, { logger: vigilNestLogger() });
    http.enableShutdownHooks();
    await http.listen(port, host); // HOST, as the API: loopback unless the deployment says otherwise
    app = http;
  }
  app.enableShutdownHooks();
  new Logger('Monitor').log(`Vigil monitor running${port === 0 ? '' : ` (health on http://127.0.0.1:${port}/health)`}`);
}

bootstrap().catch((error) => {
  logStartupFailure('Vigil monitor', error);
  process.exit(1);
});
