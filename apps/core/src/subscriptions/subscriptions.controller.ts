import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  subscriptionsFavorite,
  saveNotificationSettings,
  subscriptionsGet,
  subscriptionsIgnoreUser,
  subscriptionsGetOne,
  subscriptionsRead,
  subscriptionsReadThread,
  subscriptionsSetOpen,
  subscriptionsShowInSidebar,
  subscriptionsUnread,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { SubscriptionsService } from './subscriptions.service.js';

@Controller()
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @RpcHandler(saveNotificationSettings)
  saveNotificationSettings(@Payload() { actor, roomId, notifications }: RpcParsedRequest<typeof saveNotificationSettings>) {
    return this.subscriptions.saveNotificationSettings(actor, roomId, notifications);
  }

  @RpcHandler(subscriptionsGet)
  get(@Payload() { actor, updatedSince }: RpcParsedRequest<typeof subscriptionsGet>) {
    return this.subscriptions.get(actor, updatedSince);
  }

  @RpcHandler(subscriptionsGetOne)
  async getOne(@Payload() { actor, roomId }: RpcParsedRequest<typeof subscriptionsGetOne>) {
    return { subscription: await this.subscriptions.getOne(actor, roomId) };
  }

  @RpcHandler(subscriptionsRead)
  read(@Payload() { actor, rid, readThreads, checkedBy }: RpcParsedRequest<typeof subscriptionsRead>) {
    return this.subscriptions.read(actor, rid, readThreads, checkedBy);
  }

  @RpcHandler(subscriptionsUnread)
  unread(@Payload() { actor, roomId, firstUnreadMessage }: RpcParsedRequest<typeof subscriptionsUnread>) {
    return this.subscriptions.unread(actor, roomId, firstUnreadMessage);
  }

  @RpcHandler(subscriptionsSetOpen)
  setOpen(@Payload() { actor, open, ...selector }: RpcParsedRequest<typeof subscriptionsSetOpen>) {
    return this.subscriptions.setOpen(actor, selector, open);
  }

  @RpcHandler(subscriptionsShowInSidebar)
  async showInSidebar(@Payload() { actor, rid, open }: RpcParsedRequest<typeof subscriptionsShowInSidebar>) {
    return { modified: await this.subscriptions.showInSidebar(actor.userId, rid, open) };
  }

  @RpcHandler(subscriptionsFavorite)
  favorite(@Payload() { actor, favorite, roomsApi, ...selector }: RpcParsedRequest<typeof subscriptionsFavorite>) {
    return this.subscriptions.favorite(actor, selector, favorite, roomsApi);
  }

  @RpcHandler(subscriptionsIgnoreUser)
  ignoreUser(@Payload() { actor, rid, userId, ignore }: RpcParsedRequest<typeof subscriptionsIgnoreUser>) {
    return this.subscriptions.ignoreUser(actor, rid, userId, ignore);
  }

  @RpcHandler(subscriptionsReadThread)
  readThread(@Payload() { actor, tmid }: RpcParsedRequest<typeof subscriptionsReadThread>) {
    return this.subscriptions.readThread(actor, tmid);
  }
}
