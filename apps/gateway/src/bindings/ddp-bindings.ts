import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { DdpBinding } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { z } from 'zod';
import type { MethodContext } from '../ddp/methods/method-context.js';
import { defineMethod, MethodRegistry } from '../ddp/methods/method-registry.js';
import { ddpBindings } from './bound-contracts.js';

const AnyArguments = z.array(z.unknown());

/**
 * Registers every bound DDP method with the method registry (which applies the rate limiter and requires a
 * logged-in caller unless the method is `optional`): the arguments are mapped onto the contract's request,
 * sent to the owning service (whose schema checks them, exactly as for the REST face), and the answer mapped.
 */
@Injectable()
export class DdpBindings implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    for (const binding of ddpBindings) {
      const run = (ctx: MethodContext, args: unknown[]) => this.call(binding, ctx, args);
      this.registry.register(
        binding.auth === 'optional'
          ? defineMethod({ name: binding.name, anonymous: true, params: AnyArguments, run })
          : defineMethod({ name: binding.name, params: AnyArguments, run }),
      );
    }
  }

  private async call(binding: DdpBinding, ctx: MethodContext, args: unknown[]): Promise<unknown> {
    const caller = {
      connectionId: ctx.connectionId,
      ...(ctx.clientAddress !== undefined && { clientAddress: ctx.clientAddress }),
      ...(ctx.authToken !== undefined && { authToken: ctx.authToken }),
      ...(ctx.userId !== undefined && ctx.username !== undefined && { actor: { userId: ctx.userId, username: ctx.username } }),
    };
    const response = await this.rpc.request(binding.contract, binding.request(args, caller));
    return binding.reply ? binding.reply(response, args) : response;
  }
}
