import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Principal } from '@vigil/auth';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { Request, Response } from 'express';
import { from, lastValueFrom, map, Observable, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import { AnswerCache, CachedAnswer } from './answer-cache';
import { wantsFreshAnswer } from './cache-control';
import { CACHED_READ } from './cached-read.decorator';
import { readModelsState } from './read-models-state.sql';

/**
 * Answers a @CachedRead route from its last rendering while the read models stand still (one small query
 * per request says whether they moved), so a list that fifty clients poll is read, blinded and serialised
 * once per change instead of once per request. Registered before the BlindingInterceptor, it keeps what
 * that one made of the body: entries are per role and trials, never shared between a sponsor and the DSMB.
 * Sends an ETag, so a client that already has the answer gets 304.
 *
 * Bounded staleness (VIGIL_API_READ_CACHE_STALE_MS): once the read models moved, an answer rendered less
 * than that long ago is sent at once, marked `X-Vigil-Read-Cache: stale` with its `Age`, while one
 * rendering per key from the current state runs behind it; `Cache-Control: no-cache` (or `max-age=0`)
 * on the request always waits for an answer from the current state. Every answer says when it was rendered
 * (`X-Vigil-Rendered-At`).
 */
@Injectable()
export class ReadCacheInterceptor implements NestInterceptor {
  private readonly cache: AnswerCache;
  private readonly logger = new Logger('ReadCache');

  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
    @Inject(VIGIL_CONFIG) config: VigilConfig,
  ) {
    this.cache = new AnswerCache(config.apiReadCacheBytes, {
      staleMs: config.apiReadCacheStaleMs,
      onRevalidateError: (key, error) =>
        this.logger.warn(
          `background rendering of ${key} failed, its stale answer is dropped: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(CACHED_READ, context.getHandler()) || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const response = context.switchToHttp().getResponse<Response>();
    const { role, trials } = request.principal ?? { role: 'public', trials: [] };
    const key = JSON.stringify([role, [...trials].sort(), request.originalUrl]);
    const fresh = wantsFreshAnswer(request.headers);
    const seenAt = Date.now(); // before the query: the state it reads was current at least then
    return from(readModelsState(this.db)).pipe(
      switchMap((state) => this.cache.answer(key, state, () => render(next, response), fresh, seenAt)),
      map(({ answer, status, renderedAt }) => {
        response.setHeader('Content-Type', answer.contentType);
        if (answer.contentDisposition) response.setHeader('Content-Disposition', answer.contentDisposition);
        response.setHeader('ETag', answer.etag);
        response.setHeader('Cache-Control', 'private, no-cache');
        response.setHeader('X-Vigil-Read-Cache', status);
        response.setHeader('X-Vigil-Rendered-At', new Date(renderedAt).toISOString());
        if (status === 'stale') response.setHeader('Age', String(Math.max(0, Math.floor((Date.now() - renderedAt) / 1000))));
        return answer.body; // a string: Express sends it as is, and answers 304 when the client's ETag matches
      }),
    );
  }
}

async function render(next: CallHandler, response: Response): Promise<CachedAnswer> {
  const headers = recordLateHeaders(response);
  const body = await lastValueFrom(next.handle());
  const header = (name: string) => headers.get(name.toLowerCase()) ?? response.getHeader(name);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType =
    typeof body === 'string' ? String(header('Content-Type') ?? 'text/plain; charset=utf-8') : 'application/json; charset=utf-8';
  const disposition = header('Content-Disposition');
  const etag = `W/"${createHash('sha1').update(text).digest('base64url')}"`;
  return { body: text, contentType, etag, ...(disposition ? { contentDisposition: String(disposition) } : {}) };
}

/**
 * A background rendering runs the route's handler for a request whose (stale) answer may have left already:
 * headers the handler sets after that (a CSV's Content-Type) are recorded for the rendering instead of
 * throwing ERR_HTTP_HEADERS_SENT.
 */
function recordLateHeaders(response: Response): Map<string, ReturnType<Response['getHeader']>> {
  const late = new Map<string, ReturnType<Response['getHeader']>>();
  const setHeader = response.setHeader.bind(response);
  response.setHeader = ((name: string, value: number | string | readonly string[]) => {
    if (!response.headersSent) return setHeader(name, value);
    late.set(name.toLowerCase(), value as ReturnType<Response['getHeader']>);
    return response;
  }) as Response['setHeader'];
  return late;
}
