import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  roomsAnonymousRead,
  roomsCleanHistory,
  roomsIsMember,
  roomsListAllGroups,
  roomsModerators,
  roomsOnline,
  roomsUserMentions,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { RoomHistoryService } from './room-history.service.js';
import { RoomLookupsService } from './room-lookups.service.js';

type Req<C> = RpcParsedRequest<C>;

/** Rocket.Chat's smaller room routes and the history prune, over NATS. */
@Controller()
export class RoomLookupsController {
  constructor(
    private readonly lookups: RoomLookupsService,
    private readonly history: RoomHistoryService,
  ) {}

  @RpcHandler(roomsModerators)
  async moderators(@Payload() { actor, ...selector }: Req<typeof roomsModerators>) {
    return { moderators: await this.lookups.moderators(actor, selector) };
  }

  @RpcHandler(roomsOnline)
  async online(@Payload() { actor, ...query }: Req<typeof roomsOnline>) {
    return { online: await this.lookups.online(actor, query) };
  }

  @RpcHandler(roomsListAllGroups)
  listAllGroups(@Payload() { actor, ...query }: Req<typeof roomsListAllGroups>) {
    return this.lookups.listAllGroups(actor, query);
  }

  @RpcHandler(roomsIsMember)
  async isMember(@Payload() { actor, ...query }: Req<typeof roomsIsMember>) {
    return { isMember: await this.lookups.isMember(actor, query) };
  }

  @RpcHandler(roomsAnonymousRead)
  anonymousRead(@Payload() query: Req<typeof roomsAnonymousRead>) {
    return this.lookups.anonymousRead(query);
  }

  @RpcHandler(roomsUserMentions)
  userMentions(@Payload() { actor, ...query }: Req<typeof roomsUserMentions>) {
    return this.lookups.userMentions(actor, query);
  }

  @RpcHandler(roomsCleanHistory)
  async cleanHistory(@Payload() { actor, roomId, roomsApi, ...options }: Req<typeof roomsCleanHistory>) {
    if (roomsApi) await this.lookups.roomsApiRoom(roomId);
    return { _id: roomId, count: await this.history.clean(actor, roomId, options) };
  }
}
