import type { Caller } from '@rc/contracts';
import type { Request } from 'express';
import { createHash } from 'node:crypto';

/**
 * A REST caller as the faces see it. REST has no connection: its id is derived from the caller's token (or
 * address), so per-connection rate limits of methods reached through `method.call` still apply, as in Rocket.Chat.
 */
export function restCaller(request: Request, authToken: string | undefined): Caller {
  const key = authToken ?? request.ip ?? '';
  return {
    connectionId: createHash('sha256').update(key).digest('base64url').slice(0, 22),
    clientAddress: request.ip,
    ...(request.headers['user-agent'] !== undefined && { userAgent: request.headers['user-agent'] }),
    ...(authToken !== undefined && { authToken }),
    ...(typeof request.headers['x-visitor-token'] === 'string' && { visitorToken: request.headers['x-visitor-token'] }),
  };
}
