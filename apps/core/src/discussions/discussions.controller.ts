import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { messagesGetDiscussions, roomsCreateDiscussion, roomsGetDiscussions, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { DiscussionsService } from './discussions.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class DiscussionsController {
  constructor(private readonly discussions: DiscussionsService) {}

  @RpcHandler(roomsCreateDiscussion)
  create(@Payload() { actor, ...request }: Req<typeof roomsCreateDiscussion>) {
    return this.discussions.create(actor, request);
  }

  @RpcHandler(roomsGetDiscussions)
  ofRoom(@Payload() { actor, ...request }: Req<typeof roomsGetDiscussions>) {
    return this.discussions.ofRoom(actor, request);
  }

  @RpcHandler(messagesGetDiscussions)
  messagesOfRoom(@Payload() { actor, ...request }: Req<typeof messagesGetDiscussions>) {
    return this.discussions.messagesOfRoom(actor, request);
  }
}
