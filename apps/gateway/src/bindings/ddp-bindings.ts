import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { DdpBinding } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { z } from 'zod';
import type { MethodContext } from '../ddp/methods/method-context.js';
import { defineMethod, MethodRegistry } from '../ddp/methods/method-registry.js';
import { ddpBindings } from './bound-contracts.js';
import { SecondFactorGate, takeDdpSecondFactor } from './second-factor-gate.js';

const AnyArguments = z.array(z.unknown());

/**
 * Registers every bound DDP method with the method registry (which applies the rate limiter and requires a
 * logged-in caller unless the method is `optional`): the arguments are mapped onto the contract's request,
 * sent to the owning service (whose schema checks them, exactly as for the REST face), and the answer mapped.
 * A contract declared with `twoFactor` is first re-authenticated (`SecondFactorGate`).
 */
@Injectable()
export class DdpBindings implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
    private readonly secondFactor: SecondFactorGate,
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
    // The session's resume token over DDP; the request's token over REST `method.call`.
    const authToken = ctx.session?.user?.token ?? ctx.authToken;
    const caller = {
      connectionId: ctx.connectionId,
      ...(ctx.clientAddress !== undefined && { clientAddress: ctx.clientAddress }),
      ...(ctx.userAgent !== undefined && { userAgent: ctx.userAgent }),
      ...(authToken !== undefined && { authToken }),
      ...(ctx.userId !== undefined && ctx.username !== undefined && { actor: { userId: ctx.userId, username: ctx.username } }),
    };
    const twoFactor = binding.contract.twoFactor ? takeDdpSecondFactor(args) : { args };
    const request = binding.request(twoFactor.args, caller);
    await this.secondFactor.check(binding.contract, request, caller, twoFactor.sent ?? ctx.secondFactor);
    const response = await this.rpc.request(binding.contract, request);
    return binding.reply ? binding.reply(response, twoFactor.args) : response;
  }
}
