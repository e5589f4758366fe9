import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  messagesDeletedSince,
  messagesListOf,
  messagesNext,
  messagesSurrounding,
  messagesSyncThread,
  messagesSyncThreads,
  messagesThreadPage,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { MessageListsService } from './message-lists.service.js';
import { MessagePagesService } from './message-pages.service.js';
import { MessageSyncService } from './message-sync.service.js';

type Req<C> = RpcParsedRequest<C>;

/** Paging around a message or a thread, the room's side-panel lists, and catching up after time away. */
@Controller()
export class MessagePagesController {
  constructor(
    private readonly pages: MessagePagesService,
    private readonly sync: MessageSyncService,
    private readonly lists: MessageListsService,
  ) {}

  @RpcHandler(messagesListOf)
  listOf(@Payload() { actor, kind, roomId, ...query }: Req<typeof messagesListOf>) {
    return this.lists.list(actor, kind, roomId, query);
  }

  @RpcHandler(messagesSurrounding)
  surrounding(@Payload() { actor, mid, limit }: Req<typeof messagesSurrounding>) {
    return this.pages.surrounding(actor, mid, limit);
  }

  @RpcHandler(messagesNext)
  next(@Payload() { actor, rid, end, limit }: Req<typeof messagesNext>) {
    return this.pages.next(actor, rid, end, limit);
  }

  @RpcHandler(messagesThreadPage)
  threadPage(@Payload() { actor, tmid, limit, skip }: Req<typeof messagesThreadPage>) {
    return this.pages.thread(actor, tmid, limit, skip);
  }

  @RpcHandler(messagesSyncThreads)
  syncThreads(@Payload() { actor, rid, updatedSince }: Req<typeof messagesSyncThreads>) {
    return this.sync.threads(actor, rid, updatedSince);
  }

  @RpcHandler(messagesSyncThread)
  syncThread(@Payload() { actor, tmid, updatedSince }: Req<typeof messagesSyncThread>) {
    return this.sync.thread(actor, tmid, updatedSince);
  }

  @RpcHandler(messagesDeletedSince)
  deleted(@Payload() { actor, roomId, since, offset, count }: Req<typeof messagesDeletedSince>) {
    return this.sync.deleted(actor, roomId, since, offset, count);
  }
}
