import { stripArm } from '@vigil/safety-domain';
import { Principal } from '@vigil/auth';

/**
 * The one blinding rule of the API: for sponsors, the arm and everything derived from it is removed from a
 * response body, whatever its shape. The BlindingInterceptor applies it to every JSON response and SSE
 * message; code that renders another format (CSV) calls it on its rows before rendering.
 */
export function presentFor<T>(principal: Principal | undefined, body: T): T {
  return principal?.role === 'sponsor' ? (stripArm(body) as T) : body;
}
