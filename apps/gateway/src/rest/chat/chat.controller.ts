import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  messagesDelete,
  messagesFollow,
  messagesGet,
  messagesPin,
  messagesPost,
  messagesReact,
  messagesSearch,
  messagesSend,
  messagesStar,
  messagesThreadMessages,
  messagesThreadsList,
  messagesUpdate,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { body, page, pagination, sort, type Params } from '../common/rest-params.js';

/** REST `chat.*`: the Messaging service of core. */
@RestController()
export class ChatController {
  constructor(private readonly rpc: RpcClient) {}

  /** Rocket.Chat's message object, `_id` included (idempotent resend); `ts` is the server's to set. */
  @Post('chat.sendMessage')
  @HttpCode(200)
  async sendMessage(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const { message, previewUrls } = body(raw);
    // Anything but an object is passed on as is, to be refused by the service's schema.
    const outgoing = typeof message === 'object' && message !== null && !Array.isArray(message) ? withoutTs(message as Params) : message;
    const sent = await this.rpc.request(messagesSend, { actor, message: outgoing, previewUrls } as RpcRequest<typeof messagesSend>);
    return { message: sent };
  }

  @Post('chat.postMessage')
  @HttpCode(200)
  async postMessage(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    const { channel, message } = await this.rpc.request(messagesPost, {
      actor,
      roomId: params.roomId,
      channel: params.channel,
      text: params.text ?? params.msg,
      alias: params.alias ?? params.username,
      emoji: params.emoji ?? params.icon_emoji,
      avatar: params.avatar ?? params.icon_url,
      attachments: params.attachments,
      tmid: params.tmid,
      parseUrls: params.parseUrls,
      groupable: params.groupable,
      customFields: params.customFields,
    } as RpcRequest<typeof messagesPost>);
    return { ts: Date.now(), channel, message };
  }

  @Post('chat.update')
  @HttpCode(200)
  update(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const { roomId, msgId, text, customFields } = body(raw);
    return this.rpc.request(messagesUpdate, { actor, roomId, msgId, text, customFields } as RpcRequest<typeof messagesUpdate>);
  }

  @Post('chat.delete')
  @HttpCode(200)
  delete(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const { roomId, msgId, asUser } = body(raw);
    return this.rpc.request(messagesDelete, { actor, roomId, msgId, asUser } as RpcRequest<typeof messagesDelete>);
  }

  @Get('chat.getMessage')
  getMessage(@Query() query: Params, @CurrentActor() actor: Actor) {
    return this.rpc.request(messagesGet, { actor, msgId: query.msgId } as RpcRequest<typeof messagesGet>);
  }

  /** `emoji` (or the older `reaction`), `shouldReact` to force on or off. */
  @Post('chat.react')
  @HttpCode(200)
  async react(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    await this.rpc.request(messagesReact, {
      actor,
      messageId: params.messageId,
      emoji: params.emoji ?? params.reaction,
      shouldReact: params.shouldReact,
    } as RpcRequest<typeof messagesReact>);
    return {};
  }

  @Post('chat.pinMessage')
  @HttpCode(200)
  async pinMessage(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const { message } = await this.rpc.request(messagesPin, { actor, messageId: body(raw).messageId, pinned: true } as RpcRequest<
      typeof messagesPin
    >);
    return { message };
  }

  @Post('chat.unPinMessage')
  @HttpCode(200)
  async unPinMessage(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(messagesPin, { actor, messageId: body(raw).messageId, pinned: false } as RpcRequest<typeof messagesPin>);
    return {};
  }

  @Post('chat.starMessage')
  @HttpCode(200)
  async starMessage(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(messagesStar, { actor, messageId: body(raw).messageId, starred: true } as RpcRequest<typeof messagesStar>);
    return {};
  }

  @Post('chat.unStarMessage')
  @HttpCode(200)
  async unStarMessage(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(messagesStar, { actor, messageId: body(raw).messageId, starred: false } as RpcRequest<typeof messagesStar>);
    return {};
  }

  @Get('chat.getThreadMessages')
  async getThreadMessages(@Query() query: Params, @CurrentActor() actor: Actor) {
    const result = await this.rpc.request(messagesThreadMessages, {
      actor,
      tmid: query.tmid,
      sort: sort(query.sort),
      ...pagination(query),
    } as RpcRequest<typeof messagesThreadMessages>);
    return page('messages', result);
  }

  @Get('chat.getThreadsList')
  async getThreadsList(@Query() query: Params, @CurrentActor() actor: Actor) {
    const result = await this.rpc.request(messagesThreadsList, {
      actor,
      rid: query.rid,
      type: query.type,
      text: query.text,
      sort: sort(query.sort),
      ...pagination(query),
    } as RpcRequest<typeof messagesThreadsList>);
    return page('threads', result);
  }

  @Get('chat.search')
  search(@Query() query: Params, @CurrentActor() actor: Actor) {
    return this.rpc.request(messagesSearch, {
      actor,
      roomId: query.roomId,
      searchText: query.searchText,
      ...pagination(query),
    } as RpcRequest<typeof messagesSearch>);
  }

  @Post('chat.followMessage')
  @HttpCode(200)
  async followMessage(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(messagesFollow, { actor, mid: body(raw).mid, follow: true } as RpcRequest<typeof messagesFollow>);
    return {};
  }

  @Post('chat.unfollowMessage')
  @HttpCode(200)
  async unfollowMessage(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(messagesFollow, { actor, mid: body(raw).mid, follow: false } as RpcRequest<typeof messagesFollow>);
    return {};
  }
}

/** A REST client's `ts` is ignored: the server's clock dates messages. */
function withoutTs({ ts: _ts, ...message }: Params): Params {
  return message;
}
