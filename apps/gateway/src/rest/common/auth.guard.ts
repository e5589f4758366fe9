import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { accountsAuthenticate, DomainError, ErrorCode } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { AUTH_MODE, type AuthMode } from './auth.decorators.js';
import type { RestRequest } from './rest-request.js';

/**
 * Authenticates REST calls by `X-User-Id` + `X-Auth-Token`, asking the accounts service. Every endpoint
 * requires it unless marked `@Public()` or `@OptionalAuth()`. Header values must be plain strings.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly rpc: RpcClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const mode = this.reflector.getAllAndOverride<AuthMode>(AUTH_MODE, [context.getHandler(), context.getClass()]) ?? 'required';
    if (mode === 'none') return true;

    const request = context.switchToHttp().getRequest<RestRequest>();
    const userId = request.headers['x-user-id'];
    const token = request.headers['x-auth-token'];
    if (typeof userId === 'string' && typeof token === 'string' && userId && token) {
      try {
        const { user } = await this.rpc.request(accountsAuthenticate, { userId, token });
        request.user = user;
        request.actor = { userId: user._id, username: user.username ?? '' };
        request.authToken = token;
        return true;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== ErrorCode.NotLoggedIn) throw error;
      }
    }
    if (mode === 'optional') return true;
    throw new DomainError(ErrorCode.NotLoggedIn, 'You must be logged in to do this.');
  }
}
