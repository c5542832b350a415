import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { InvalidParameterDto, InvalidRequestException, PROBLEM_CONTENT_TYPE, ProblemDto } from './problem';

/**
 * Every error of the API leaves as one RFC 9457 problem: Nest's HTTP exceptions (401, 403, 404, 409, 400),
 * errors of Express's body parser (malformed or oversized JSON) and anything unexpected (500, whose cause
 * goes to the log, never to the caller).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const { status, detail, errors } = describe(exception);
    if (status >= 500)
      this.logger.error(`${request.method} ${request.path}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    if (response.headersSent) {
      response.end(); // a stream that already started cannot change its status
      return;
    }
    const body: ProblemDto = {
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      instance: request.path,
      ...(errors ? { errors } : {}),
    };
    response.status(status).setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.send(JSON.stringify(body));
  }
}

function describe(exception: unknown): { status: number; detail: string; errors?: InvalidParameterDto[] } {
  if (exception instanceof InvalidRequestException) return { status: 400, detail: exception.message, errors: exception.errors };
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
    // The API's own 400s are InvalidRequestExceptions; a bare one is Nest's translation of a request Express
    // could not read: a path with a bad percent-encoding (URIError) or a body that is not JSON (SyntaxError).
    if (exception.getStatus() === 400) {
      const badPath = /^Failed to decode param /.test(detail);
      return { status: 400, detail, errors: [{ in: badPath ? 'path' : 'body', name: badPath ? 'path' : 'body', reason: detail }] };
    }
    return { status: exception.getStatus(), detail };
  }
  // body-parser's errors (http-errors): 400 malformed JSON, 413 too large, 415 unsupported charset.
  const httpError = exception as { status?: unknown; expose?: unknown; message?: unknown; type?: unknown };
  if (typeof httpError?.status === 'number' && httpError.status >= 400 && httpError.status < 500 && httpError.expose === true) {
    const detail = `request body: ${String(httpError.message)}`;
    return { status: httpError.status, detail, errors: [{ in: 'body', name: 'body', reason: detail }] };
  }
  return { status: 500, detail: 'the API failed to answer this request; the cause is in its log' };
}
