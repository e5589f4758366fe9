import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MethodRegistry } from '../methods/method-registry.js';
import { PermissionCache } from '../methods/permission-cache.js';

/** Bots and other holders of `send-many-messages` are not held to these methods' own rate limits, as in Rocket.Chat. */
const EXEMPTED_METHODS = ['sendMessage', 'createDirectMessage'];

@Injectable()
export class SendManyMessagesExemption implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly permissions: PermissionCache,
  ) {}

  onModuleInit(): void {
    const sendsMany = (ctx: { userId?: string }) =>
      ctx.userId ? this.permissions.has(ctx.userId, 'send-many-messages') : Promise.resolve(false);
    for (const method of EXEMPTED_METHODS) this.registry.exemptFromOwnRateLimit(method, sendsMany);
  }
}
