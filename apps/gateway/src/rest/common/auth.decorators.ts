import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import type { RestRequest } from './rest-request.js';

export type AuthMode = 'required' | 'optional' | 'none';
export const AUTH_MODE = 'rest:auth-mode';

/** No credentials needed (login, register, info). Endpoints without a marker require them. */
export const Public = () => SetMetadata(AUTH_MODE, 'none' satisfies AuthMode);

/** Credentials used when present, not required (`/api/info` shows more to privileged callers). */
export const OptionalAuth = () => SetMetadata(AUTH_MODE, 'optional' satisfies AuthMode);

/** The authenticated caller as an Actor (`{userId, username}`), for service requests. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const actor = ctx.switchToHttp().getRequest<RestRequest>().actor;
  if (!actor) throw new DomainError(ErrorCode.NotLoggedIn, 'You must be logged in to do this.');
  return actor;
});
