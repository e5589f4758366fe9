import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  messageSearchProvider,
  messageSearchRaw,
  messageSearchSearch,
  messageSearchSuggest,
  messagesSearch,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { MessageSearchService } from './message-search.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class MessageSearchController {
  constructor(private readonly search: MessageSearchService) {}

  @RpcHandler(messagesSearch)
  chatSearch(@Payload() { actor, roomId, searchText, offset, count }: Req<typeof messagesSearch>) {
    return this.search.chatSearch(actor, roomId, searchText, offset, count);
  }

  @RpcHandler(messageSearchRaw)
  async raw(@Payload() { actor, text, rid, limit, offset }: Req<typeof messageSearchRaw>) {
    const docs = await this.search.find(actor, text, rid, limit || 20, offset);
    return docs === null ? false : { message: { docs } };
  }

  @RpcHandler(messageSearchProvider)
  provider() {
    return this.search.provider();
  }

  @RpcHandler(messageSearchSearch)
  providerSearch(@Payload() { actor, ...request }: Req<typeof messageSearchSearch>) {
    return this.search.providerSearch(actor, request);
  }

  /** The default provider makes no suggestions. */
  @RpcHandler(messageSearchSuggest)
  suggest() {
    return [];
  }
}
