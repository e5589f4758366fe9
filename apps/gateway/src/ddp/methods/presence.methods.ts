import { Injectable, type OnModuleInit } from '@nestjs/common';
import { presenceSetConnectionStatus, presenceSetStatus, UserStatusSchema } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { z } from 'zod';
import { PresenceReporter } from '../presence/presence-reporter.js';
import type { MethodContext } from './method-context.js';
import { args, defineMethod, MethodRegistry } from './method-registry.js';

/**
 * Presence methods. As in Rocket.Chat's streamer, a caller who is not logged in gets nothing done and no
 * error. The connection status methods act on the calling DDP connection.
 */
@Injectable()
export class PresenceMethods implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
    private readonly reporter: PresenceReporter,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: 'UserPresence:setDefaultStatus',
        anonymous: true,
        params: args(UserStatusSchema),
        run: (ctx, [status]) => this.setStatus(ctx, { status }),
      }),
      defineMethod({
        name: 'setUserStatus',
        anonymous: true,
        params: args(UserStatusSchema.nullish(), z.string().max(1024).nullish()),
        run: (ctx, [status, statusText]) =>
          this.setStatus(ctx, { ...(status && { status }), ...(typeof statusText === 'string' && { statusText }) }),
      }),
      defineMethod({
        name: 'UserPresence:online',
        anonymous: true,
        params: args(),
        run: (ctx) => this.setConnectionStatus(ctx, 'online'),
      }),
      defineMethod({
        name: 'UserPresence:away',
        anonymous: true,
        params: args(),
        run: (ctx) => this.setConnectionStatus(ctx, 'away'),
      }),
    );
  }

  private async setStatus(ctx: MethodContext, choice: { status?: z.infer<typeof UserStatusSchema>; statusText?: string }) {
    if (!ctx.userId || (choice.status === undefined && choice.statusText === undefined)) return undefined;
    // The caller's own connection first: presence computes the status from the connections it knows.
    await this.reporter.settle();
    await this.rpc.request(presenceSetStatus, { actorId: ctx.userId, ...choice });
    return true;
  }

  private async setConnectionStatus(ctx: MethodContext, status: 'online' | 'away') {
    if (!ctx.userId || !ctx.session) return undefined;
    await this.reporter.settle();
    return this.rpc.request(presenceSetConnectionStatus, { userId: ctx.userId, connectionId: ctx.session.id, status });
  }
}
