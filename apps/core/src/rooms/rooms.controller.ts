import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  roomsArchive,
  roomsById,
  roomsNameExists,
  roomsByTypeAndName,
  roomsCounters,
  roomsRoles,
  roomsCreate,
  roomsCreateDirect,
  roomsDelete,
  roomsGet,
  roomsInfo,
  roomsUsersOfRoom,
  roomsInvite,
  roomsJoin,
  roomsJoinDefaultRooms,
  roomsKick,
  roomsLeave,
  roomsList,
  roomsMembers,
  roomsMembersOrderedByRole,
  roomsMuteUser,
  roomsRemoveUserEverywhere,
  roomsRenameUser,
  roomsResolve,
  roomsSaveSettings,
  roomsSetRole,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { DirectRoomsService } from './direct-rooms.service.js';
import { MembersByRoleService } from './members-by-role.service.js';
import { MembershipLifecycleService } from './membership-lifecycle.service.js';
import { RoomCreationService } from './room-creation.service.js';
import { RoomMembershipService } from './room-membership.service.js';
import { RoomOpenService } from './room-open.service.js';
import { RoomMuteService } from './room-mute.service.js';
import { RoomQueriesService } from './room-queries.service.js';
import { RoomRolesService } from './room-roles.service.js';
import { RoomSettingsService } from './room-settings.service.js';
import { UserRenameService } from './user-rename.service.js';

type Req<C> = RpcParsedRequest<C>;

/** Rocket.Chat's Room service over NATS: one handler per request, each delegating to its service. */
@Controller()
export class RoomsController {
  constructor(
    private readonly creation: RoomCreationService,
    private readonly direct: DirectRoomsService,
    private readonly membership: RoomMembershipService,
    private readonly roles: RoomRolesService,
    private readonly settings: RoomSettingsService,
    private readonly queries: RoomQueriesService,
    private readonly lifecycle: MembershipLifecycleService,
    private readonly renames: UserRenameService,
    private readonly opening: RoomOpenService,
    private readonly mutes: RoomMuteService,
    private readonly membersByRole: MembersByRoleService,
  ) {}

  @RpcHandler(roomsCreate)
  async create(@Payload() request: Req<typeof roomsCreate>) {
    return { room: await this.creation.create(request) };
  }

  @RpcHandler(roomsCreateDirect)
  async createDirect(@Payload() { actor, usernames, excludeSelf }: Req<typeof roomsCreateDirect>) {
    return { room: await this.direct.create(actor, usernames, excludeSelf) };
  }

  @RpcHandler(roomsInfo)
  async info(@Payload() { actor, fields, ...selector }: Req<typeof roomsInfo>) {
    return this.queries.infoInContext(actor, selector, fields);
  }

  @RpcHandler(roomsList)
  list(@Payload() { actor, ...query }: Req<typeof roomsList>) {
    return this.queries.list(actor, query);
  }

  @RpcHandler(roomsMembers)
  members(@Payload() { actor, filter, status, offset, count, ...selector }: Req<typeof roomsMembers>) {
    return this.queries.members(actor, selector, { filter, status, offset, count });
  }

  @RpcHandler(roomsMembersOrderedByRole)
  membersOrderedByRole(@Payload() { actor, roomId, roomName, sort, ...query }: Req<typeof roomsMembersOrderedByRole>) {
    return this.membersByRole.list(
      actor,
      { roomId, roomName },
      { ...query, sort: { rolePriority: sort?.rolePriority, username: sort?.username } },
    );
  }

  @RpcHandler(roomsUsersOfRoom)
  usersOfRoom(@Payload() { actor, roomId, filter, showAll, offset, count }: Req<typeof roomsUsersOfRoom>) {
    // Rocket.Chat's method leaves out offline members unless asked for everyone.
    return this.queries.members(actor, { roomId }, { filter, status: showAll ? undefined : ['online', 'away', 'busy'], offset, count });
  }

  @RpcHandler(roomsGet)
  get(@Payload() { actor, updatedSince }: Req<typeof roomsGet>) {
    return this.queries.get(actor, updatedSince);
  }

  @RpcHandler(roomsResolve)
  resolve(@Payload() { actor, nameOrId }: Req<typeof roomsResolve>) {
    return this.queries.resolve(actor, nameOrId);
  }

  @RpcHandler(roomsByTypeAndName)
  byTypeAndName(@Payload() { actor, t, nameOrId }: Req<typeof roomsByTypeAndName>) {
    return this.opening.byTypeAndName(actor, t, nameOrId);
  }

  @RpcHandler(roomsNameExists)
  nameExists(@Payload() { roomName }: Req<typeof roomsNameExists>) {
    return this.opening.nameExists(roomName);
  }

  @RpcHandler(roomsById)
  byId(@Payload() { actor, rid }: Req<typeof roomsById>) {
    return this.opening.byId(actor, rid);
  }

  @RpcHandler(roomsRoles)
  async roomRoles(@Payload() { actor, ...selector }: Req<typeof roomsRoles>) {
    return { roles: await this.opening.roles(actor, selector) };
  }

  @RpcHandler(roomsCounters)
  counters(@Payload() { actor, userId, ...selector }: Req<typeof roomsCounters>) {
    return this.opening.counters(actor, selector, userId);
  }

  @RpcHandler(roomsJoin)
  async join(@Payload() { actor, joinCode, ...selector }: Req<typeof roomsJoin>) {
    return { room: await this.membership.join(actor, selector, joinCode) };
  }

  @RpcHandler(roomsLeave)
  async leave(@Payload() { actor, ...selector }: Req<typeof roomsLeave>) {
    return { room: await this.membership.leave(actor, selector) };
  }

  @RpcHandler(roomsInvite)
  async invite(@Payload() { actor, userIds, usernames, ...selector }: Req<typeof roomsInvite>) {
    return { room: await this.membership.invite(actor, selector, userIds, usernames) };
  }

  @RpcHandler(roomsKick)
  async kick(@Payload() { actor, userId, username, ...selector }: Req<typeof roomsKick>) {
    return { room: await this.membership.kick(actor, selector, { userId, username }) };
  }

  @RpcHandler(roomsSetRole)
  setRole(@Payload() { actor, userId, username, role, add, ...selector }: Req<typeof roomsSetRole>) {
    return this.roles.setRole(actor, selector, { userId, username }, role, add);
  }

  @RpcHandler(roomsMuteUser)
  muteUser(@Payload() { actor, rid, userId, username, muted }: Req<typeof roomsMuteUser>) {
    return this.mutes.setMuted(actor, rid, { userId, username }, muted);
  }

  @RpcHandler(roomsSaveSettings)
  async saveSettings(@Payload() { actor, changes, ...selector }: Req<typeof roomsSaveSettings>) {
    return { room: await this.settings.save(actor, selector, changes) };
  }

  @RpcHandler(roomsArchive)
  archive(@Payload() { actor, archived, ...selector }: Req<typeof roomsArchive>) {
    return this.settings.archive(actor, selector, archived);
  }

  @RpcHandler(roomsDelete)
  delete(@Payload() { actor, ...selector }: Req<typeof roomsDelete>) {
    return this.settings.delete(actor, selector);
  }

  @RpcHandler(roomsJoinDefaultRooms)
  async joinDefaultRooms(@Payload() { userId }: Req<typeof roomsJoinDefaultRooms>) {
    return { joined: await this.lifecycle.joinDefaultRooms(userId) };
  }

  @RpcHandler(roomsRemoveUserEverywhere)
  removeUserEverywhere(@Payload() { userId }: Req<typeof roomsRemoveUserEverywhere>) {
    return this.lifecycle.removeUserEverywhere(userId);
  }

  @RpcHandler(roomsRenameUser)
  renameUser(@Payload() request: Req<typeof roomsRenameUser>) {
    return this.renames.rename(request);
  }
}
