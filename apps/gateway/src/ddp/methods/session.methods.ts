import { Injectable, type OnModuleInit } from '@nestjs/common';
import { accountsRemoveOtherTokens } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { invalidUser } from '../protocol/meteor-error.js';
import type { UserMethodContext } from './method-context.js';
import { args, defineMethod, MethodRegistry } from './method-registry.js';

/**
 * Rocket.Chat's `removeOtherTokens` (what its "log out other clients" calls, also REST `method.call`): the
 * caller's other sessions end, their sockets closing on every gateway; the caller's own token stays.
 */
@Injectable()
export class SessionMethods implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: 'removeOtherTokens',
        params: args(),
        run: (ctx) => this.removeOtherTokens(ctx),
      }),
    );
  }

  private async removeOtherTokens(ctx: UserMethodContext): Promise<void> {
    const token = ctx.session?.user?.token ?? ctx.authToken;
    if (!token) throw invalidUser('removeOtherTokens');
    await this.rpc.request(accountsRemoveOtherTokens, { userId: ctx.userId, token });
  }
}
