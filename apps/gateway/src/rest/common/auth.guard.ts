import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthMode } from '@rc/contracts';
import { AUTH_MODE } from './auth.decorators.js';
import { Authenticator } from './authenticator.js';
import type { RestRequest } from './rest-request.js';

/** Authenticates the hand-written REST controllers (`@Public()` / `@OptionalAuth()` relax it), as the bound routes are. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const mode = this.reflector.getAllAndOverride<AuthMode>(AUTH_MODE, [context.getHandler(), context.getClass()]) ?? 'user';
    const request = context.switchToHttp().getRequest<RestRequest>();
    const authenticated = await this.authenticator.authenticate(request.headers, mode);
    if (authenticated) Object.assign(request, authenticated);
    return true;
  }
}
