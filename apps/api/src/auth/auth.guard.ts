import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { maySeeTrial, Principal, Role, verifyToken } from '@vigil/auth';
import { VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { Request } from 'express';

const PUBLIC = 'vigil:public';
const ROLES_KEY = 'vigil:roles';

/** Routes anyone may call (health, metrics, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the route (default: every role). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The one gate of the API: no token or a bad one (also: no `exp`, a lifetime over the maximum, a wrong `iss`
 * or `aud` when those are configured) → 401; a `:trialId` outside the token's trials or a
 * role the route does not allow → 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw new UnauthorizedException('missing "Authorization: Bearer <token>" header');
    const check = verifyToken(match[1].trim(), this.config.jwtSecret, this.config.tokens);
    if (!check.ok) throw new UnauthorizedException(check.reason);
    const principal = check.principal;
    const trialId = request.params?.trialId as string | undefined;
    if (trialId && !maySeeTrial(principal, trialId)) {
      throw new ForbiddenException(`your token does not give access to trial ${trialId}`);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenException(`role ${principal.role} may not do this (allowed: ${roles.join(', ')})`);
    }
    request.principal = principal;
    return true;
  }
}

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
