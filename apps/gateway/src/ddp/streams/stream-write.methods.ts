import { Injectable, type OnModuleInit } from '@nestjs/common';
import { authorizationCanAccessRoom, livechatVisitorCanAccessRoom, STREAMS } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { z } from 'zod';
import { args, defineMethod, MethodRegistry } from '../methods/method-registry.js';
import type { MethodContext } from '../methods/method-context.js';
import { isRoomId } from './stream-actor.js';

/** What a client may say about its activity in a room: `['user-typing']`, `[]` when it stops, … */
const Activities = z.array(z.string().max(64)).max(10);
const ExtraData = z.record(z.string().max(64), z.unknown()).optional();

/**
 * Writes to streams (`stream-<name>` methods, `[eventName, ...args]`). Clients write only their activity in
 * a room (`stream-notify-room` `<rid>/user-activity`, typing indicators): under their own username, in a room
 * they may access; published at once (it is ephemeral) and not echoed to the writing connection. Other writes
 * are ignored without error, as Rocket.Chat's streamer does when a write is not allowed.
 */
@Injectable()
export class StreamWriteMethods implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
    private readonly realtime: RealtimePublisher,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: STREAMS.notifyRoom,
        anonymous: true,
        params: args(z.string().max(512), z.unknown(), z.unknown(), z.unknown()),
        run: (ctx, [eventName, username, activities, extra]) => this.writeRoom(ctx, eventName, username, activities, extra),
      }),
    );
    for (const name of [
      STREAMS.roomMessages,
      STREAMS.notifyUser,
      STREAMS.notifyLogged,
      STREAMS.notifyAll,
      STREAMS.userPresence,
      STREAMS.roles,
    ]) {
      this.registry.register(defineMethod({ name, anonymous: true, params: args(), run: () => undefined }));
    }
  }

  private async writeRoom(ctx: MethodContext, eventName: string, username: unknown, activities: unknown, extra: unknown) {
    const [rid, event] = eventName.split('/');
    if (!ctx.userId) return this.writeVisitorTyping(ctx, rid, event, username, activities, extra);
    if (event !== 'user-activity' || !isRoomId(rid) || username !== ctx.username) return undefined;
    const parsedActivities = Activities.safeParse(activities);
    const parsedExtra = ExtraData.safeParse(extra);
    if (!parsedActivities.success || !parsedExtra.success) return undefined;
    if (!(await this.rpc.request(authorizationCanAccessRoom, { userId: ctx.userId, roomId: rid }))) return undefined;
    this.realtime.notifyRoom(
      rid,
      event,
      [username, parsedActivities.data, ...(parsedExtra.data ? [parsedExtra.data] : [])],
      ctx.session?.id,
    );
    // The livechat widget (its published build) still listens to `<rid>/typing` `[username, typing]`.
    this.realtime.notifyRoom(rid, 'typing', [username, parsedActivities.data.includes('user-typing')], ctx.session?.id);
    return undefined;
  }

  /**
   * The livechat widget's visitor typing, without login: `<rid>/typing [username, typing, {token}]`, in the
   * visitor's own room under their own username. Published as `typing` and as `user-activity` (agents' clients).
   */
  private async writeVisitorTyping(
    ctx: MethodContext,
    rid: string,
    event: string | undefined,
    username: unknown,
    typing: unknown,
    extra: unknown,
  ) {
    const token = (extra as { token?: unknown } | null | undefined)?.token;
    if (event !== 'typing' || !isRoomId(rid) || typeof username !== 'string' || typeof typing !== 'boolean' || typeof token !== 'string') {
      return undefined;
    }
    const access = await this.rpc
      .request(livechatVisitorCanAccessRoom, { token, rid })
      .catch(() => ({ allowed: false, username: undefined }));
    if (!access.allowed || access.username !== username) return undefined;
    this.realtime.notifyRoom(rid, 'typing', [username, typing], ctx.session?.id);
    this.realtime.notifyRoom(rid, 'user-activity', [username, typing ? ['user-typing'] : [], {}], ctx.session?.id);
    return undefined;
  }
}
