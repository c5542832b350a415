import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { Principal } from '@vigil/auth';
import { presentFor } from './present-for';

/** Every response (and every SSE message) leaves through here: sponsors get the blinded form. */
@Injectable()
export class BlindingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    return next.handle().pipe(map((body) => (typeof body === 'string' || Buffer.isBuffer(body) ? body : presentFor(principal, body))));
  }
}
