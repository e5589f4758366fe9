import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  roomsConvertToTeam,
  teamsAutocomplete,
  teamsConvertToChannel,
  teamsLeave,
  teamsListAll,
  teamsListChildren,
  teamsListRoomsOfUser,
  teamsUpdate,
  teamsUpdateMember,
  teamsUpdateRoom,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { TeamAdminService } from './team-admin.service.js';

type Req<C> = RpcParsedRequest<C>;

/** The rest of Rocket.Chat's `teams.*` routes and the rooms' conversions to teams, over NATS. */
@Controller()
export class TeamAdminController {
  constructor(private readonly teams: TeamAdminService) {}

  @RpcHandler(teamsUpdate)
  update(@Payload() { actor, data, ...selector }: Req<typeof teamsUpdate>) {
    return this.teams.update(actor, selector, data);
  }

  @RpcHandler(teamsUpdateRoom)
  async updateRoom(@Payload() { actor, roomId, isDefault }: Req<typeof teamsUpdateRoom>) {
    return { room: await this.teams.updateRoom(actor, roomId, isDefault) };
  }

  @RpcHandler(teamsLeave)
  leave(@Payload() { actor, rooms, ...selector }: Req<typeof teamsLeave>) {
    return this.teams.leave(actor, selector, rooms);
  }

  @RpcHandler(teamsUpdateMember)
  updateMember(@Payload() { actor, member, ...selector }: Req<typeof teamsUpdateMember>) {
    return this.teams.updateMember(actor, selector, member);
  }

  @RpcHandler(teamsListRoomsOfUser)
  listRoomsOfUser(@Payload() { actor, teamId, teamName, ...query }: Req<typeof teamsListRoomsOfUser>) {
    return this.teams.listRoomsOfUser(actor, { teamId, teamName }, query);
  }

  @RpcHandler(teamsListAll)
  listAll(@Payload() { actor, offset, count }: Req<typeof teamsListAll>) {
    return this.teams.listAll(actor, offset, count);
  }

  @RpcHandler(teamsListChildren)
  listChildren(@Payload() { actor, teamId, teamName, roomId, ...query }: Req<typeof teamsListChildren>) {
    return this.teams.listChildren(actor, { teamId, teamName, roomId }, query);
  }

  @RpcHandler(teamsAutocomplete)
  async autocomplete(@Payload() { actor, name }: Req<typeof teamsAutocomplete>) {
    return { teams: await this.teams.autocomplete(actor, name) };
  }

  @RpcHandler(teamsConvertToChannel)
  convertToChannel(@Payload() { actor, roomsToRemove, ...selector }: Req<typeof teamsConvertToChannel>) {
    return this.teams.convertToChannel(actor, selector, roomsToRemove);
  }

  @RpcHandler(roomsConvertToTeam)
  async convertToTeam(@Payload() { actor, ...selector }: Req<typeof roomsConvertToTeam>) {
    return { team: await this.teams.convertToTeam(actor, selector) };
  }
}
