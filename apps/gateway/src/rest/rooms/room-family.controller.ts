import { Body, Get, HttpCode, Post, Query, type Type } from '@nestjs/common';
import {
  messagesHistory,
  messagesList,
  roomsArchive,
  roomsCreate,
  roomsDelete,
  roomsInfo,
  roomsInvite,
  roomsJoin,
  roomsKick,
  roomsLeave,
  roomsList,
  roomsMembers,
  roomsSaveSettings,
  roomsSetRole,
  subscriptionsSetOpen,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { body, boolean, historyWindow, list, page, pagination, roomSelector, sort, type Params } from '../common/rest-params.js';

/** A REST family of room endpoints: `channels.*` for public channels, `groups.*` for private groups. */
export interface RoomFamily {
  prefix: 'channels' | 'groups';
  t: 'c' | 'p';
  /** The key a room is answered under: `channel`, `group`. */
  one: string;
  /** The key of lists: `channels`, `groups`. */
  many: string;
}

/**
 * Builds the controller of one family: the same endpoints under `channels.` and `groups.`, each mapping the
 * REST shape to a Room or Messaging service request (with the family, so a room of another type is "not
 * found") and the answer back to Rocket.Chat's keys.
 */
export function roomFamilyController(family: RoomFamily): Type<unknown> {
  const { prefix, t, one, many } = family;
  const route = (name: string) => `${prefix}.${name}`;

  @RestController()
  class RoomFamilyController {
    constructor(readonly rpc: RpcClient) {}

    @Post(route('create'))
    @HttpCode(200)
    async create(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const { name, members, readOnly, excludeSelf, extraData, customFields } = body(raw);
      const { room } = await this.rpc.request(roomsCreate, {
        actor,
        t,
        name,
        members,
        readOnly,
        excludeSelf,
        extraData,
        customFields,
      } as RpcRequest<typeof roomsCreate>);
      return { [one]: room };
    }

    @Get(route('info'))
    async info(@Query() query: Params, @CurrentActor() actor: Actor) {
      const { room } = await this.rpc.request(roomsInfo, { actor, ...roomSelector(query, t) } as RpcRequest<typeof roomsInfo>);
      return { [one]: room };
    }

    @Get(route('list'))
    async list(@Query() query: Params, @CurrentActor() actor: Actor) {
      return this.listRooms(query, actor, false);
    }

    @Get(route('list.joined'))
    async listJoined(@Query() query: Params, @CurrentActor() actor: Actor) {
      return this.listRooms(query, actor, true);
    }

    @Post(route('join'))
    @HttpCode(200)
    async join(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      const { room } = await this.rpc.request(roomsJoin, { actor, ...roomSelector(params, t), joinCode: params.joinCode } as RpcRequest<
        typeof roomsJoin
      >);
      return { [one]: room };
    }

    @Post(route('leave'))
    @HttpCode(200)
    async leave(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const { room } = await this.rpc.request(roomsLeave, { actor, ...roomSelector(body(raw), t) } as RpcRequest<typeof roomsLeave>);
      return { [one]: room };
    }

    @Post(route('invite'))
    @HttpCode(200)
    async invite(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      const { room } = await this.rpc.request(roomsInvite, {
        actor,
        ...roomSelector(params, t),
        userIds: params.userIds ?? (params.userId !== undefined ? [params.userId] : []),
        usernames: params.usernames ?? (params.username !== undefined ? [params.username] : []),
      } as RpcRequest<typeof roomsInvite>);
      return { [one]: room };
    }

    @Post(route('kick'))
    @HttpCode(200)
    async kick(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      const { room } = await this.rpc.request(roomsKick, {
        actor,
        ...roomSelector(params, t),
        userId: params.userId,
        username: params.username,
      } as RpcRequest<typeof roomsKick>);
      return { [one]: room };
    }

    @Get(route('history'))
    async history(@Query() query: Params, @CurrentActor() actor: Actor) {
      return this.rpc.request(messagesHistory, {
        actor,
        ...roomSelector(query, t),
        ...historyWindow(query),
      } as RpcRequest<typeof messagesHistory>);
    }

    @Get(route('messages'))
    async messages(@Query() query: Params, @CurrentActor() actor: Actor) {
      const result = await this.rpc.request(messagesList, {
        actor,
        ...roomSelector(query, t),
        ...(query.pinned !== undefined && { pinned: boolean(query.pinned) }),
        sort: sort(query.sort),
        ...pagination(query),
      } as RpcRequest<typeof messagesList>);
      return page('messages', result);
    }

    @Get(route('members'))
    async members(@Query() query: Params, @CurrentActor() actor: Actor) {
      const result = await this.rpc.request(roomsMembers, {
        actor,
        ...roomSelector(query, t),
        filter: query.filter,
        status: list(query.status ?? query['status[]']),
        ...pagination(query),
      } as RpcRequest<typeof roomsMembers>);
      return page('members', result);
    }

    @Post(route('rename'))
    @HttpCode(200)
    async rename(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      return { [one]: await this.save(actor, params, { name: params.name }) };
    }

    @Post(route('setTopic'))
    @HttpCode(200)
    async setTopic(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      await this.save(actor, params, { topic: params.topic ?? '' });
      return { topic: params.topic ?? '' };
    }

    @Post(route('setDescription'))
    @HttpCode(200)
    async setDescription(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      await this.save(actor, params, { description: params.description ?? '' });
      return { description: params.description ?? '' };
    }

    @Post(route('setAnnouncement'))
    @HttpCode(200)
    async setAnnouncement(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      await this.save(actor, params, { announcement: params.announcement ?? '' });
      return { announcement: params.announcement ?? '' };
    }

    @Post(route('setReadOnly'))
    @HttpCode(200)
    async setReadOnly(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      return { [one]: await this.save(actor, params, { readOnly: params.readOnly }) };
    }

    @Post(route('setDefault'))
    @HttpCode(200)
    async setDefault(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      const params = body(raw);
      // Rocket.Chat reads `default` loosely: true, "true" and "1" mean true.
      const isDefault = params.default === undefined ? undefined : ['true', '1'].includes(String(params.default).toLowerCase());
      return { [one]: await this.save(actor, params, { default: isDefault }) };
    }

    @Post(route('archive'))
    @HttpCode(200)
    async archive(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      await this.rpc.request(roomsArchive, { actor, ...roomSelector(body(raw), t), archived: true } as RpcRequest<typeof roomsArchive>);
      return {};
    }

    @Post(route('unarchive'))
    @HttpCode(200)
    async unarchive(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      await this.rpc.request(roomsArchive, { actor, ...roomSelector(body(raw), t), archived: false } as RpcRequest<typeof roomsArchive>);
      return {};
    }

    @Post(route('delete'))
    @HttpCode(200)
    async delete(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      await this.rpc.request(roomsDelete, { actor, ...roomSelector(body(raw), t) } as RpcRequest<typeof roomsDelete>);
      return {};
    }

    @Post(route('open'))
    @HttpCode(200)
    async open(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      return this.setOpen(actor, body(raw), true);
    }

    @Post(route('close'))
    @HttpCode(200)
    async close(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      return this.setOpen(actor, body(raw), false);
    }

    @Post(route('addOwner'))
    @HttpCode(200)
    addOwner(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      return this.setRole(actor, body(raw), 'owner', true);
    }

    @Post(route('removeOwner'))
    @HttpCode(200)
    removeOwner(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      return this.setRole(actor, body(raw), 'owner', false);
    }

    @Post(route('addModerator'))
    @HttpCode(200)
    addModerator(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      return this.setRole(actor, body(raw), 'moderator', true);
    }

    @Post(route('removeModerator'))
    @HttpCode(200)
    removeModerator(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      return this.setRole(actor, body(raw), 'moderator', false);
    }

    @Post(route('addLeader'))
    @HttpCode(200)
    addLeader(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      return this.setRole(actor, body(raw), 'leader', true);
    }

    @Post(route('removeLeader'))
    @HttpCode(200)
    removeLeader(@Body() raw: unknown, @CurrentActor() actor: Actor) {
      return this.setRole(actor, body(raw), 'leader', false);
    }

    async listRooms(query: Params, actor: Actor, joinedOnly: boolean) {
      const result = await this.rpc.request(roomsList, {
        actor,
        t,
        joinedOnly,
        name: query.name,
        sort: sort(query.sort),
        ...pagination(query),
      } as RpcRequest<typeof roomsList>);
      return page(many, result);
    }

    async save(actor: Actor, params: Params, changes: Params) {
      const { room } = await this.rpc.request(roomsSaveSettings, { actor, ...roomSelector(params, t), changes } as RpcRequest<
        typeof roomsSaveSettings
      >);
      return room;
    }

    async setRole(actor: Actor, params: Params, role: 'owner' | 'moderator' | 'leader', add: boolean) {
      await this.rpc.request(roomsSetRole, {
        actor,
        ...roomSelector(params, t),
        userId: params.userId,
        username: params.username,
        role,
        add,
      } as RpcRequest<typeof roomsSetRole>);
      return {};
    }

    async setOpen(actor: Actor, params: Params, open: boolean) {
      const { room } = await this.rpc.request(roomsInfo, { actor, ...roomSelector(params, t) } as RpcRequest<typeof roomsInfo>);
      await this.rpc.request(subscriptionsSetOpen, { actor, rid: room._id, open, t });
      return {};
    }
  }

  Object.defineProperty(RoomFamilyController, 'name', { value: `${prefix[0]!.toUpperCase()}${prefix.slice(1)}Controller` });
  return RoomFamilyController;
}
