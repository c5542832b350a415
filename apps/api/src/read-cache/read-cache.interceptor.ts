import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Principal } from '@vigil/auth';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { Request, Response } from 'express';
import { from, lastValueFrom, map, Observable, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import { AnswerCache, CachedAnswer } from './answer-cache';
import { CACHED_READ } from './cached-read.decorator';
import { readModelsState } from './read-models-state.sql';

/**
 * Answers a @CachedRead route from its last rendering while the read models stand still (one small query
 * per request says whether they moved), so a list that fifty clients poll is read, blinded and serialised
 * once per change instead of once per request. Registered before the BlindingInterceptor, it keeps what
 * that one made of the body: entries are per role and trials, never shared between a sponsor and the DSMB.
 * Sends an ETag, so a client that already has the answer gets 304.
 */
@Injectable()
export class ReadCacheInterceptor implements NestInterceptor {
  private readonly cache: AnswerCache;

  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
    @Inject(VIGIL_CONFIG) config: VigilConfig,
  ) {
    this.cache = new AnswerCache(config.apiReadCacheBytes);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(CACHED_READ, context.getHandler()) || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const response = context.switchToHttp().getResponse<Response>();
    const { role, trials } = request.principal ?? { role: 'public', trials: [] };
    const key = JSON.stringify([role, [...trials].sort(), request.originalUrl]);
    return from(readModelsState(this.db)).pipe(
      switchMap((state) => this.cache.answer(key, state, () => render(next, response))),
      map(({ answer, hit }) => {
        response.setHeader('Content-Type', answer.contentType);
        if (answer.contentDisposition) response.setHeader('Content-Disposition', answer.contentDisposition);
        response.setHeader('ETag', answer.etag);
        response.setHeader('Cache-Control', 'private, no-cache');
        response.setHeader('X-Vigil-Read-Cache', hit ? 'hit' : 'miss');
        return answer.body; // a string: Express sends it as is, and answers 304 when the client's ETag matches
      }),
    );
  }
}

async function render(next: CallHandler, response: Response): Promise<CachedAnswer> {
  const body = await lastValueFrom(next.handle());
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType =
    typeof body === 'string'
      ? String(response.getHeader('Content-Type') ?? 'text/plain; charset=utf-8')
      : 'application/json; charset=utf-8';
  const disposition = response.getHeader('Content-Disposition');
  const etag = `W/"${createHash('sha1').update(text).digest('base64url')}"`;
  return { body: text, contentType, etag, ...(disposition ? { contentDisposition: String(disposition) } : {}) };
}
