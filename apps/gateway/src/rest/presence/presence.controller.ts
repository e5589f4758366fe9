import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  presenceGetStatus,
  presenceListUsers,
  presenceSetStatus,
  UserStatusSchema,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { statusTargetOf } from './status-target.js';

/** Rocket.Chat's presence endpoints: `users.setStatus`, `users.getStatus`, `users.presence`. */
@RestController()
export class PresenceController {
  constructor(private readonly rpc: RpcClient) {}

  /** `{status?, message?}` for oneself, or for another user (`userId`/`username`/`user`, with `edit-other-user-info`). */
  @Post('users.setStatus')
  @HttpCode(200)
  async setStatus(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const params = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const { status, message } = params;
    if (status === undefined && message === undefined) return {};
    if (status !== undefined && !UserStatusSchema.safeParse(status).success) {
      throw new DomainError(ErrorCode.InvalidStatus, 'Valid status types include online, away, offline, and busy.');
    }
    await this.rpc.request(presenceSetStatus, {
      actorId: actor.userId,
      target: statusTargetOf(params, actor),
      status,
      statusText: message,
    } as RpcRequest<typeof presenceSetStatus>);
    return {};
  }

  /** `?userId=` / `?username=` / `?user=` (another user's status) or nothing (one's own, with connectionStatus). */
  @Get('users.getStatus')
  getStatus(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.rpc.request(presenceGetStatus, {
      actorId: actor.userId,
      target: statusTargetOf(query, actor),
    } as RpcRequest<typeof presenceGetStatus>);
  }

  /** `?ids=a,b` (who of them is not offline) or nothing (everyone not offline, `full: true`). */
  @Get('users.presence')
  presence(@Query() query: Record<string, unknown>) {
    const { ids } = query;
    const list = typeof ids === 'string' ? ids.split(',').filter(Boolean) : ids;
    return this.rpc.request(presenceListUsers, { ...(list !== undefined && { ids: list }) } as RpcRequest<typeof presenceListUsers>);
  }
}
