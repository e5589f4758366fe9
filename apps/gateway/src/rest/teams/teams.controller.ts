import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  teamsAddMembers,
  teamsAddRooms,
  teamsCreate,
  teamsDelete,
  teamsInfo,
  teamsList,
  teamsListRooms,
  teamsMembers,
  teamsRemoveMember,
  teamsRemoveRoom,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { body, list, page, pagination, type Params } from '../common/rest-params.js';

const teamSelector = (params: Params) => ({ teamId: params.teamId, teamName: params.teamName });

/** REST `teams.*`: the Team service of core. */
@RestController()
export class TeamsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('teams.create')
  @HttpCode(200)
  create(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const { name, type, members, room, owner } = body(raw);
    return this.rpc.request(teamsCreate, { actor, name, type, members, room, owner } as RpcRequest<typeof teamsCreate>);
  }

  @Get('teams.list')
  async list(@Query() query: Params, @CurrentActor() actor: Actor) {
    return page('teams', await this.rpc.request(teamsList, { actor, ...pagination(query) } as RpcRequest<typeof teamsList>));
  }

  @Get('teams.info')
  info(@Query() query: Params, @CurrentActor() actor: Actor) {
    return this.rpc.request(teamsInfo, { actor, ...teamSelector(query) } as RpcRequest<typeof teamsInfo>);
  }

  @Get('teams.members')
  async members(@Query() query: Params, @CurrentActor() actor: Actor) {
    const result = await this.rpc.request(teamsMembers, {
      actor,
      ...teamSelector(query),
      username: query.username,
      name: query.name,
      status: list(query.status),
      ...pagination(query),
    } as RpcRequest<typeof teamsMembers>);
    return page('members', result);
  }

  @Post('teams.addMembers')
  @HttpCode(200)
  async addMembers(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    await this.rpc.request(teamsAddMembers, { actor, ...teamSelector(params), members: params.members } as RpcRequest<
      typeof teamsAddMembers
    >);
    return {};
  }

  @Post('teams.removeMember')
  @HttpCode(200)
  async removeMember(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    await this.rpc.request(teamsRemoveMember, {
      actor,
      ...teamSelector(params),
      userId: params.userId,
      rooms: params.rooms,
    } as RpcRequest<typeof teamsRemoveMember>);
    return {};
  }

  @Post('teams.addRooms')
  @HttpCode(200)
  addRooms(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    return this.rpc.request(teamsAddRooms, { actor, ...teamSelector(params), rooms: params.rooms } as RpcRequest<typeof teamsAddRooms>);
  }

  @Post('teams.removeRoom')
  @HttpCode(200)
  removeRoom(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    return this.rpc.request(teamsRemoveRoom, { actor, ...teamSelector(params), roomId: params.roomId } as RpcRequest<
      typeof teamsRemoveRoom
    >);
  }

  @Get('teams.listRooms')
  async listRooms(@Query() query: Params, @CurrentActor() actor: Actor) {
    const result = await this.rpc.request(teamsListRooms, {
      actor,
      ...teamSelector(query),
      filter: query.filter,
      type: query.type,
      ...pagination(query),
    } as RpcRequest<typeof teamsListRooms>);
    return page('rooms', result);
  }

  @Post('teams.delete')
  @HttpCode(200)
  async delete(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    await this.rpc.request(teamsDelete, { actor, ...teamSelector(params), roomsToRemove: params.roomsToRemove } as RpcRequest<
      typeof teamsDelete
    >);
    return {};
  }
}
