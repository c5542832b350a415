import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { Logger as NestPinoLogger, LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import pino, { DestinationStream, Logger } from 'pino';
import { ConfigError, LogLevel, parseLogLevel } from '../config/config';
import { ENV } from '../config/env-names';

/**
 * One JSON line per entry on stdout (scripts/up.sh sends it to .vigil/logs/<app>.log). Writes are synchronous
 * so that the lines before a crash (or a kill -9) are in the log, not in a buffer that died with the process.
 */
export function createVigilLogger(level: LogLevel, destination: DestinationStream = pino.destination({ dest: 1, sync: true })): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

let root: Logger | undefined;

/** The process's logger, made on first use from VIGIL_LOG_LEVEL (an invalid value fails like loadConfig). */
export function rootLogger(): Logger {
  if (!root) {
    const { level, problem } = parseLogLevel(process.env[ENV.logLevel]);
    if (problem) throw new ConfigError([problem]);
    root = createVigilLogger(level);
  }
  return root;
}

/** Tests: log somewhere else (e.g. to capture lines). */
export function setRootLogger(logger: Logger): void {
  root = logger;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller's X-Request-Id when it is a plain token, else a new one; echoed in the response either way. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

function loggingParams(): Params {
  return {
    pinoHttp: {
      logger: rootLogger(),
      genReqId: requestId,
      autoLogging: { ignore: (req) => /^\/(health|metrics)\b/.test(req.url ?? '') },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

/**
 * For `NestFactory.create(…, { logger: vigilNestLogger() })`: Nest's own lines (and every `new Logger(ctx)`)
 * go through pino from the first line of start-up on, not buffered until the app is up.
 */
export function vigilNestLogger(): NestPinoLogger {
  const params = loggingParams();
  return new NestPinoLogger(new PinoLogger(params), params);
}

/**
 * Nest's logger replaced by pino (nestjs-pino): app lines, kafkajs lines (see @vigil/messaging's kafka-client)
 * and, where there is HTTP, one line per request carrying its request id (`req.id`), which every line logged
 * while handling the request carries too. Probes (/health, /metrics) are not logged per request.
 */
@Module({})
export class LoggingModule {
  static forRoot(): DynamicModule {
    return { module: LoggingModule, imports: [LoggerModule.forRoot(loggingParams())], exports: [LoggerModule] };
  }
}

/** The last line of a failed start-up: JSON like the rest, or plain on stderr when the logger itself is misconfigured. */
export function logStartupFailure(app: string, error: unknown): void {
  const message = `${app} failed to start: ${error instanceof Error ? error.message : String(error)}`;
  try {
    rootLogger().fatal({ err: error }, message);
  } catch {
    console.error(message);
  }
}
