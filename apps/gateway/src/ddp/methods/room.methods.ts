import { Injectable, type OnModuleInit } from '@nestjs/common';
import { roomsCreateDirect, roomsGet, roomsJoin, roomsLeave, roomsResolve, subscriptionsGet } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { z } from 'zod';
import type { UserMethodContext } from './method-context.js';
import { args, defineMethod, MethodRegistry } from './method-registry.js';

const actorOf = (ctx: UserMethodContext) => ({ userId: ctx.userId, username: ctx.username });

/** `updatedSince` as clients send it to `rooms/get` / `subscriptions/get`: a Date, or `{$date}` decoded by EJSON. */
const UpdatedSince = z.union([z.date(), z.null()]).optional();

/** Rocket.Chat's room and subscription methods, mapped to the room service. */
@Injectable()
export class RoomMethods implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: 'getRoomIdByNameOrId',
        params: args(z.string()),
        run: async (ctx, [nameOrId]) => (await this.rpc.request(roomsResolve, { actor: actorOf(ctx), nameOrId }))._id,
      }),
      defineMethod({
        name: 'getRoomNameById',
        params: args(z.string()),
        run: async (ctx, [rid]) => (await this.rpc.request(roomsResolve, { actor: actorOf(ctx), nameOrId: rid })).name,
      }),
      defineMethod({
        name: 'createDirectMessage',
        params: z.array(z.string().max(64)).min(1).max(1000),
        run: async (ctx, usernames) => {
          const { room } = await this.rpc.request(roomsCreateDirect, { actor: actorOf(ctx), usernames });
          const { _id: rid, ...rest } = room;
          return { ...rest, t: 'd', rid };
        },
      }),
      defineMethod({
        name: 'joinRoom',
        params: args(z.string(), z.string().max(256).nullish()),
        run: async (ctx, [rid, joinCode]) => {
          await this.rpc.request(roomsJoin, { actor: actorOf(ctx), roomId: rid, ...(joinCode && { joinCode }) });
          return true;
        },
      }),
      defineMethod({
        name: 'leaveRoom',
        params: args(z.string()),
        run: async (ctx, [rid]) => {
          await this.rpc.request(roomsLeave, { actor: actorOf(ctx), roomId: rid });
          return undefined;
        },
      }),
      defineMethod({
        name: 'rooms/get',
        params: args(UpdatedSince),
        run: (ctx, [updatedSince]) => this.rpc.request(roomsGet, { actor: actorOf(ctx), ...(updatedSince && { updatedSince }) }),
      }),
      defineMethod({
        name: 'subscriptions/get',
        params: args(UpdatedSince),
        run: (ctx, [updatedSince]) => this.rpc.request(subscriptionsGet, { actor: actorOf(ctx), ...(updatedSince && { updatedSince }) }),
      }),
    );
  }
}
