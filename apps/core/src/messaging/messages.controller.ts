import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  messagesDelete,
  messagesFollow,
  messagesGet,
  messagesHistory,
  messagesList,
  messagesOthersDirect,
  messagesLoadHistory,
  messagesPin,
  messagesPost,
  messagesReact,
  messagesSend,
  messagesStar,
  messagesSync,
  messagesThreadMessages,
  messagesThreadsList,
  messagesUpdate,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { EditMessageService } from './edit-message.service.js';
import { MessageActionsService } from './message-actions.service.js';
import { MessageQueriesService } from './message-queries.service.js';
import { PostMessageService } from './post-message.service.js';
import { SendMessageService } from './send-message.service.js';

type Req<C> = RpcParsedRequest<C>;

/** Rocket.Chat's Messaging service over NATS. */
@Controller()
export class MessagesController {
  constructor(
    private readonly sender: SendMessageService,
    private readonly poster: PostMessageService,
    private readonly editor: EditMessageService,
    private readonly actions: MessageActionsService,
    private readonly queries: MessageQueriesService,
  ) {}

  @RpcHandler(messagesSend)
  send(@Payload() { actor, message, previewUrls, face }: Req<typeof messagesSend>) {
    return this.sender.sendFromClient(actor, message, previewUrls, face);
  }

  @RpcHandler(messagesPost)
  post(@Payload() request: Req<typeof messagesPost>) {
    return this.poster.post(request);
  }

  @RpcHandler(messagesUpdate)
  async update(@Payload() { actor, ...edit }: Req<typeof messagesUpdate>) {
    return { message: await this.editor.update(actor, edit) };
  }

  @RpcHandler(messagesDelete)
  delete(@Payload() { actor, msgId, roomId, asUser }: Req<typeof messagesDelete>) {
    return this.editor.delete(actor, msgId, roomId, asUser);
  }

  @RpcHandler(messagesGet)
  async get(@Payload() { actor, msgId }: Req<typeof messagesGet>) {
    return { message: await this.queries.get(actor, msgId) };
  }

  @RpcHandler(messagesReact)
  react(@Payload() { actor, messageId, emoji, shouldReact, checkedBy }: Req<typeof messagesReact>) {
    return this.actions.react(actor, messageId, emoji, shouldReact, checkedBy);
  }

  @RpcHandler(messagesPin)
  pin(@Payload() { actor, messageId, pinned }: Req<typeof messagesPin>) {
    return this.actions.pin(actor, messageId, pinned);
  }

  @RpcHandler(messagesStar)
  star(@Payload() { actor, messageId, starred }: Req<typeof messagesStar>) {
    return this.actions.star(actor, messageId, starred);
  }

  @RpcHandler(messagesFollow)
  follow(@Payload() { actor, mid, follow }: Req<typeof messagesFollow>) {
    return this.actions.follow(actor, mid, follow);
  }

  @RpcHandler(messagesHistory)
  history(@Payload() { actor, roomId, roomName, t, ...query }: Req<typeof messagesHistory>) {
    return this.queries.history(actor, { roomId, roomName, t }, query);
  }

  @RpcHandler(messagesLoadHistory)
  loadHistory(@Payload() { actor, rid, end, limit, ls, showThreadMessages }: Req<typeof messagesLoadHistory>) {
    return this.queries.loadHistory(actor, rid, end, limit, ls, showThreadMessages);
  }

  @RpcHandler(messagesSync)
  sync(@Payload() { actor, rid, ...query }: Req<typeof messagesSync>) {
    return this.queries.sync(actor, rid, query);
  }

  @RpcHandler(messagesList)
  list(@Payload() { actor, roomId, roomName, t, username, ...query }: Req<typeof messagesList>) {
    return this.queries.list(actor, { roomId, roomName, t, username }, query);
  }

  @RpcHandler(messagesOthersDirect)
  othersDirect(@Payload() { actor, roomId, ...query }: Req<typeof messagesOthersDirect>) {
    return this.queries.othersDirect(actor, roomId, query);
  }

  @RpcHandler(messagesThreadMessages)
  threadMessages(@Payload() { actor, tmid, ...query }: Req<typeof messagesThreadMessages>) {
    return this.queries.threadMessages(actor, tmid, query);
  }

  @RpcHandler(messagesThreadsList)
  threadsList(@Payload() { actor, rid, ...query }: Req<typeof messagesThreadsList>) {
    return this.queries.threadsList(actor, rid, query);
  }
}
