import { CallHandler, ExecutionContext, Injectable, InternalServerErrorException, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, Observable } from 'rxjs';
import { Principal } from '@vigil/auth';
import { SPONSOR_VIEW, SponsorViewOf } from './sponsor-view';
import { TrialBlinding } from './trial-blinding';

/**
 * Every response (and every SSE message) to a sponsor leaves through the route's declared sponsor view.
 * A route without one answers sponsors 500 rather than an unreviewed body. Strings (CSV) are already built
 * from the sponsor view by their route.
 */
@Injectable()
export class BlindingInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly blinding: TrialBlinding,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (principal?.role !== 'sponsor') return next.handle();
    const view = this.reflector.get<SponsorViewOf | undefined>(SPONSOR_VIEW, context.getHandler());
    if (!view) throw new InternalServerErrorException(`${context.getClass().name}.${context.getHandler().name} declares no sponsor view`);
    return next
      .handle()
      .pipe(map((body) => (typeof body === 'string' || Buffer.isBuffer(body) ? body : view(body, this.blinding.blindedFieldsOf))));
  }
}
