import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  messagesHistory,
  messagesList,
  roomsCreateDirect,
  roomsDelete,
  roomsList,
  roomsMembers,
  subscriptionsSetOpen,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { body, historyWindow, list, page, pagination, roomSelector, sort, type Params } from '../common/rest-params.js';

/** REST `im.*` (and Rocket.Chat's `dm.*` aliases): direct messages. */
@RestController()
export class ImController {
  constructor(private readonly rpc: RpcClient) {}

  /** `username` for a one-to-one DM, `usernames` ("a,b") for a group DM. */
  @Post(['im.create', 'dm.create'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    const usernames =
      typeof params.usernames === 'string'
        ? params.usernames
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean)
        : params.username !== undefined
          ? [params.username]
          : params.usernames;
    const { room } = await this.rpc.request(roomsCreateDirect, {
      actor,
      usernames,
      excludeSelf: params.excludeSelf,
    } as RpcRequest<typeof roomsCreateDirect>);
    return { room };
  }

  @Get(['im.list', 'dm.list'])
  async list(@Query() query: Params, @CurrentActor() actor: Actor) {
    const result = await this.rpc.request(roomsList, {
      actor,
      t: 'd',
      joinedOnly: true,
      sort: sort(query.sort),
      ...pagination(query),
    } as RpcRequest<typeof roomsList>);
    return page('ims', result);
  }

  @Get(['im.history', 'dm.history'])
  history(@Query() query: Params, @CurrentActor() actor: Actor) {
    return this.rpc.request(messagesHistory, {
      actor,
      ...roomSelector(query, 'd'),
      ...historyWindow(query),
    } as RpcRequest<typeof messagesHistory>);
  }

  @Get(['im.messages', 'dm.messages'])
  async messages(@Query() query: Params, @CurrentActor() actor: Actor) {
    const result = await this.rpc.request(messagesList, {
      actor,
      ...(query.username !== undefined ? { username: query.username, t: 'd' } : roomSelector(query, 'd')),
      sort: sort(query.sort),
      ...pagination(query),
    } as RpcRequest<typeof messagesList>);
    return page('messages', result);
  }

  @Get(['im.members', 'dm.members'])
  async members(@Query() query: Params, @CurrentActor() actor: Actor) {
    const result = await this.rpc.request(roomsMembers, {
      actor,
      ...roomSelector(query, 'd'),
      filter: query.filter,
      status: list(query.status ?? query['status[]']),
      ...pagination(query),
    } as RpcRequest<typeof roomsMembers>);
    return page('members', result);
  }

  @Post(['im.close', 'dm.close'])
  @HttpCode(200)
  async close(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(subscriptionsSetOpen, { actor, rid: body(raw).roomId, open: false, t: 'd' } as RpcRequest<
      typeof subscriptionsSetOpen
    >);
    return {};
  }

  @Post(['im.open', 'dm.open'])
  @HttpCode(200)
  async open(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(subscriptionsSetOpen, { actor, rid: body(raw).roomId, open: true, t: 'd' } as RpcRequest<
      typeof subscriptionsSetOpen
    >);
    return {};
  }

  @Post(['im.delete', 'dm.delete'])
  @HttpCode(200)
  async delete(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(roomsDelete, { actor, ...roomSelector(body(raw), 'd') } as RpcRequest<typeof roomsDelete>);
    return {};
  }
}
