import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  checkedCreateTeamBody,
  CreateTeamFields,
  teamsAddMembers,
  teamsAddRooms,
  teamsCreate,
  teamsDelete,
  teamsInfo,
  teamsList,
  teamsListRooms,
  teamsMembers,
  teamsOfUser,
  teamsRemoveMember,
  teamsRemoveRoom,
  type RpcParsedRequest,
} from '@rc/contracts';
import { parseOrThrow, RpcHandler } from '@rc/platform';
import { TeamsOfUserService } from './teams-of-user.service.js';
import { TeamsService } from './teams.service.js';

type Req<C> = RpcParsedRequest<C>;

/** Rocket.Chat's Team service over NATS. */
@Controller()
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly teamsOfUser: TeamsOfUserService,
  ) {}

  @RpcHandler(teamsOfUser)
  ofUser(@Payload() { actor, userId }: Req<typeof teamsOfUser>) {
    return this.teamsOfUser.list(actor, userId);
  }

  @RpcHandler(teamsCreate)
  async create(@Payload() { actor, body }: Req<typeof teamsCreate>) {
    const team = await this.teams.create(actor, () => {
      const { room, ...fields } = parseOrThrow(CreateTeamFields, checkedCreateTeamBody(body));
      return { ...fields, readOnly: room?.readOnly ?? false };
    });
    return { team };
  }

  @RpcHandler(teamsList)
  list(@Payload() { actor, offset, count }: Req<typeof teamsList>) {
    return this.teams.list(actor, offset, count);
  }

  @RpcHandler(teamsInfo)
  async info(@Payload() { actor, ...selector }: Req<typeof teamsInfo>) {
    return { teamInfo: await this.teams.info(actor, selector) };
  }

  @RpcHandler(teamsMembers)
  members(@Payload() { actor, teamId, teamName, ...query }: Req<typeof teamsMembers>) {
    return this.teams.members(actor, { teamId, teamName }, query);
  }

  @RpcHandler(teamsAddMembers)
  addMembers(@Payload() { actor, members, ...selector }: Req<typeof teamsAddMembers>) {
    return this.teams.addMembers(actor, selector, members);
  }

  @RpcHandler(teamsRemoveMember)
  removeMember(@Payload() { actor, userId, rooms, ...selector }: Req<typeof teamsRemoveMember>) {
    return this.teams.removeMember(actor, selector, userId, rooms);
  }

  @RpcHandler(teamsAddRooms)
  async addRooms(@Payload() { actor, rooms, ...selector }: Req<typeof teamsAddRooms>) {
    return { rooms: await this.teams.addRooms(actor, selector, rooms) };
  }

  @RpcHandler(teamsRemoveRoom)
  async removeRoom(@Payload() { actor, roomId, ...selector }: Req<typeof teamsRemoveRoom>) {
    return { room: await this.teams.removeRoom(actor, selector, roomId) };
  }

  @RpcHandler(teamsListRooms)
  listRooms(@Payload() { actor, teamId, teamName, ...query }: Req<typeof teamsListRooms>) {
    return this.teams.listRooms(actor, { teamId, teamName }, query);
  }

  @RpcHandler(teamsDelete)
  delete(@Payload() { actor, roomsToRemove, ...selector }: Req<typeof teamsDelete>) {
    return this.teams.delete(actor, selector, roomsToRemove);
  }
}
