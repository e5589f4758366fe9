import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  TEAM_TYPE,
  type Actor,
  type IRoom,
  type ITeam,
  type Page,
  type TeamListItem,
  type TeamMemberView,
  type TeamType,
  type UserStatus,
} from '@rc/contracts';
import {
  isDuplicateKeyError,
  randomId,
  RoomsRepository,
  UsersRepository,
  SubscriptionsRepository,
  TeamMembersRepository,
  TeamsRepository,
  toUserRef,
  type RoomUser,
} from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { SystemMessages } from '../messaging/writer/system-messages.service.js';
import { RoomCreationService } from '../rooms/room-creation.service.js';
import { RoomEraser } from '../rooms/room-eraser.service.js';
import { RoomMembershipService } from '../rooms/room-membership.service.js';
import { teamFailure, TeamResolver } from './team-resolver.js';
import { PageSize } from '@rc/settings';

type TeamSelector = { teamId?: string; teamName?: string };
/** A team to create. */
export type TeamSpec = {
  name: string;
  type: TeamType;
  members: string[];
  readOnly: boolean;
  owner?: string;
  sidepanel?: IRoom['sidepanel'];
};
const unauthorized = () => new DomainError(ErrorCode.Unauthorized, 'unauthorized');

/** Rocket.Chat's Team service: a team is a main room (`teamMain`) plus memberships and team rooms. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly access: AccessService,
    private readonly resolver: TeamResolver,
    private readonly teams: TeamsRepository,
    private readonly teamMembers: TeamMembersRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly roomCreation: RoomCreationService,
    private readonly membership: RoomMembershipService,
    private readonly eraser: RoomEraser,
    private readonly systemMessages: SystemMessages,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * `spec` may be read from the request only once the caller may create teams: Rocket.Chat checks `create-team`
   * before the body (`teams.create`).
   */
  async create(actor: Actor, specOrRead: TeamSpec | (() => TeamSpec)): Promise<ITeam> {
    if (!(await this.access.hasPermission(actor.userId, 'create-team'))) throw unauthorized();
    const spec = typeof specOrRead === 'function' ? specOrRead() : specOrRead;
    const name = spec.name.trim();
    if (await this.teams.findByName(name)) throw teamFailure('team-name-already-exists');
    const owner = await this.users.findRoomUserById(spec.owner ?? actor.userId);
    if (!owner?.username) throw teamFailure('invalid-user');
    const creator = spec.owner && spec.owner !== actor.userId ? await this.users.findRoomUserById(actor.userId) : owner;

    const [byId, byName] = await Promise.all([
      this.users.findRoomUsersByIds(spec.members),
      this.users.findRoomUsersByUsernames(spec.members),
    ]);
    const members = new Map<string, RoomUser>([[owner._id, owner]]);
    for (const user of [...byId, ...byName]) if (user.active !== false) members.set(user._id, user);

    const teamId = randomId();
    const room = await this.roomCreation.createTeamMainRoom(
      owner,
      name,
      spec.type === TEAM_TYPE.PRIVATE ? 'p' : 'c',
      [...members.values()],
      spec.readOnly,
      teamId,
      spec.sidepanel,
    );
    const now = new Date();
    const createdBy = { _id: (creator ?? owner)._id, username: (creator ?? owner).username ?? '' };
    let team: ITeam;
    try {
      team = await this.teams.insert({ _id: teamId, name, type: spec.type, roomId: room._id, createdAt: now, createdBy });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.eraser.erase(room);
      throw teamFailure('team-name-already-exists');
    }
    await this.teamMembers.insertMany(
      [...members.values()].map((member) => ({
        _id: randomId(),
        teamId,
        userId: member._id,
        roles: member._id === owner._id ? ['owner'] : [],
        createdAt: now,
        createdBy,
      })),
    );
    return team;
  }

  /** `teams.list`: the caller's teams, with their number of rooms and members. */
  async list(actor: Actor, offset: number, count?: number): Promise<Page<TeamListItem>> {
    const ids = await this.teamMembers.teamIdsOfUser(actor.userId);
    const teams = await this.teams.findByIds(ids, offset, this.pageSize.count(count));
    const items = await Promise.all(
      teams.map(async (team) => ({
        ...team,
        rooms: await this.rooms.countTeamRooms(team._id),
        numberOfUsers: await this.teamMembers.countByTeam(team._id),
      })),
    );
    return { items, count: items.length, offset, total: ids.length };
  }

  async info(actor: Actor, selector: TeamSelector): Promise<ITeam> {
    const team = await this.resolver.resolve(selector, 'Team not found');
    const canView =
      (await this.access.canAccessRoom(actor.userId, team.roomId)) || (await this.access.hasPermission(actor.userId, 'view-all-teams'));
    if (!canView) throw unauthorized();
    return team;
  }

  /** Members visible to other members (and to holders of `view-all-teams`); nobody else sees any. */
  async members(
    actor: Actor,
    selector: TeamSelector,
    query: { username?: string; name?: string; status?: string[]; offset: number; count?: number },
  ): Promise<Page<TeamMemberView>> {
    const team = await this.resolver.resolve(selector);
    const canSeeAll = await this.access.hasPermission(actor.userId, 'view-all-teams', team.roomId);
    if (!canSeeAll && !(await this.teamMembers.findOne(team._id, actor.userId))) {
      return { items: [], count: 0, offset: query.offset, total: 0 };
    }
    const memberships = await this.teamMembers.findByTeam(team._id);
    const { users, total } = await this.users.findRoomUsersPageAmong(
      memberships.map((m) => m.userId),
      {
        filter: query.username ?? query.name,
        // Any strings, as Rocket.Chat's `$in` takes them: one that is no status matches nobody.
        status: query.status as UserStatus[] | undefined,
        skip: query.offset,
        limit: this.pageSize.count(query.count),
      },
    );
    const byUser = new Map(memberships.map((m) => [m.userId, m]));
    const items = users.map((user) => {
      const membership = byUser.get(user._id)!;
      return {
        user: { _id: user._id, username: user.username, name: user.name, status: user.status },
        roles: membership.roles ?? [],
        createdBy: membership.createdBy,
        createdAt: membership.createdAt,
      };
    });
    return { items, count: items.length, offset: query.offset, total };
  }

  /** Needs `add-team-member` or `edit-team-member`; the members join the main room. */
  async addMembers(actor: Actor, selector: TeamSelector, members: Array<{ userId: string; roles?: string[] }>): Promise<{ ok: true }> {
    const team = await this.resolver.resolve(selector);
    if (!(await this.access.hasPermission(actor.userId, ['add-team-member', 'edit-team-member'], team.roomId, 'any'))) throw unauthorized();
    const users = await this.users.findRoomUsersByIds(members.map((m) => m.userId));
    if (users.length !== new Set(members.map((m) => m.userId)).size) throw new DomainError(ErrorCode.UserNotFound, 'User not found');
    const [room, inviter] = await Promise.all([this.mainRoom(team), this.users.findRoomUserById(actor.userId)]);
    const now = new Date();
    await this.teamMembers.insertMany(
      members.map((m) => ({
        _id: randomId(),
        teamId: team._id,
        userId: m.userId,
        roles: m.roles ?? [],
        createdAt: now,
        createdBy: { _id: actor.userId, username: actor.username },
      })),
    );
    for (const user of users) {
      await this.membership.addUser(room, user, inviter ? toUserRef(inviter) : undefined);
      // `member` is a team role only: a room subscription holds the room roles (owner, moderator, leader).
      const roles = (members.find((m) => m.userId === user._id)?.roles ?? []).filter((role) => role !== 'member');
      if (roles.length) {
        const updated = await this.subscriptions.update(room._id, user._id, { $addToSet: { roles: { $each: roles } } });
        if (updated) this.realtime.subscriptionChanged('updated', updated);
      }
    }
    return { ok: true };
  }

  /** Needs `edit-team-member`; never the last owner. Also out of the given team rooms. */
  async removeMember(actor: Actor, selector: TeamSelector, userId: string, roomIds: string[] = []): Promise<{ ok: true }> {
    const team = await this.resolver.resolve(selector);
    if (!(await this.access.hasPermission(actor.userId, 'edit-team-member', team.roomId))) throw unauthorized();
    const user = await this.users.findRoomUserById(userId);
    if (!user?.username || user.active === false) throw teamFailure('invalid-user');
    const membership = await this.teamMembers.findOne(team._id, userId);
    if (!membership) throw teamFailure('member-does-not-exist');
    if (membership.roles?.includes('owner')) {
      const owners = (await this.teamMembers.findByTeam(team._id)).filter((m) => m.roles?.includes('owner'));
      if (owners.length === 1) throw teamFailure('last-owner-can-not-be-removed');
    }
    const remover = await this.users.findRoomUserById(actor.userId);
    const by = remover ? toUserRef(remover) : undefined;
    await this.teamMembers.deleteOne(team._id, userId);
    await this.membership.removeUser(await this.mainRoom(team), user, by);
    for (const rid of await this.rooms.findTeamRoomIds(team._id, roomIds)) {
      const room = await this.rooms.findById(rid);
      if (room) await this.membership.removeUser(room, user, by);
    }
    return { ok: true };
  }

  /**
   * Existing rooms become team rooms (Rocket.Chat 7's `teams.addRooms` and `Team.addRooms`): needs
   * `move-room-to-team` on the team (else 403 `error-no-permission-team-channel`); every room must exist and be
   * readable by the caller (`invalid-room`), be on no team (`room-already-on-team`) and be owned by the caller
   * (`error-no-owner-channel`); all are checked before any moves. A channel's move is announced in the main room.
   */
  async addRooms(actor: Actor, selector: TeamSelector, roomIds: string[]): Promise<IRoom[]> {
    const team = await this.resolver.resolve(selector);
    if (!(await this.access.hasPermission(actor.userId, 'move-room-to-team', team.roomId))) {
      throw new DomainError(ErrorCode.Unauthorized, 'error-no-permission-team-channel');
    }
    const by = await this.users.findRoomUserById(actor.userId);
    if (!by) throw teamFailure('invalid-user');
    const rooms = await this.rooms.findByIds(roomIds);
    if (roomIds.some((id) => !rooms.some((room) => room._id === id))) throw teamFailure('invalid-room');
    for (const room of rooms) {
      if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw teamFailure('invalid-room');
    }
    for (const room of rooms) {
      if (room.teamId) throw teamFailure('room-already-on-team');
      const subscription = await this.subscriptions.findByRoomAndUser(room._id, actor.userId);
      if (!subscription?.roles?.includes('owner')) throw teamFailure('error-no-owner-channel');
    }
    await this.rooms.setTeam(roomIds, team._id);
    const main = await this.mainRoom(team);
    const updated = await this.rooms.findByIds(roomIds);
    for (const room of updated) {
      if (room.t === 'c') await this.systemMessages.save('user-added-room-to-team', main, room.name ?? '', toUserRef(by));
      this.realtime.roomChanged('updated', room);
    }
    return updated;
  }

  /**
   * Needs `remove-team-channel`: the room leaves the team and stays as it is (`invalid-room` for a room one cannot
   * read without `view-all-team-channels`, `room-not-on-that-team`). A channel's leaving is announced.
   */
  async removeRoom(actor: Actor, selector: TeamSelector, roomId: string): Promise<IRoom> {
    const team = await this.resolver.resolve(selector);
    if (!(await this.access.hasPermission(actor.userId, 'remove-team-channel', team.roomId))) throw unauthorized();
    const room = await this.rooms.findById(roomId);
    if (!room) throw teamFailure('invalid-room');
    const canRemoveAny = await this.access.hasPermission(actor.userId, 'view-all-team-channels', team.roomId);
    if (!canRemoveAny && !(await this.access.canAccessRoom(actor.userId, room._id))) throw teamFailure('invalid-room');
    if (room.teamId !== team._id || room.teamMain) throw teamFailure('room-not-on-that-team');
    const updated = (await this.rooms.update(roomId, { $unset: { teamId: 1, teamDefault: 1 } })) ?? room;
    const by = await this.users.findRoomUserById(actor.userId);
    if (by && room.t === 'c') {
      await this.systemMessages.save('user-removed-room-from-team', await this.mainRoom(team), room.name ?? '', toUserRef(by));
    }
    this.realtime.roomChanged('updated', updated);
    return updated;
  }

  /** The team's rooms: public ones and the caller's private ones (all with `view-all-team-channels`). */
  async listRooms(
    actor: Actor,
    selector: TeamSelector,
    query: { filter?: string; type?: 'autoJoin'; offset: number; count?: number },
  ): Promise<Page<IRoom>> {
    const team = await this.resolver.resolve(selector);
    const isMember = (await this.teamMembers.findOne(team._id, actor.userId)) !== null;
    if (team.type === TEAM_TYPE.PRIVATE && !isMember && !(await this.access.hasPermission(actor.userId, 'view-all-teams', team.roomId))) {
      // Rocket.Chat's Team.listRooms throws this as a plain error: 400, not 403.
      throw teamFailure('user-not-on-private-team');
    }
    const seeAll = await this.access.hasPermission(actor.userId, 'view-all-team-channels', team.roomId);
    const { rooms, total } = await this.rooms.findTeamRooms(team._id, {
      publicOrIds: seeAll ? undefined : await this.subscriptions.roomIdsOfUser(actor.userId),
      name: query.filter,
      isDefault: query.type === 'autoJoin',
      skip: query.offset,
      limit: this.pageSize.count(query.count),
    });
    return { items: rooms, count: rooms.length, offset: query.offset, total };
  }

  /** Needs `delete-team`: the main room and `roomsToRemove` are erased, the other rooms leave the team. */
  async delete(actor: Actor, selector: TeamSelector, roomsToRemove: string[]): Promise<{ ok: true }> {
    const team = await this.resolver.resolve(selector);
    if (!(await this.access.hasPermission(actor.userId, 'delete-team', team.roomId))) throw unauthorized();
    for (const rid of await this.rooms.findTeamRoomIds(team._id, roomsToRemove)) {
      const room = await this.rooms.findById(rid);
      if (room) await this.eraser.erase(room);
    }
    for (const rid of await this.rooms.unsetTeamOfAll(team._id)) {
      const room = await this.rooms.findById(rid);
      if (room) this.realtime.roomChanged('updated', room);
    }
    const main = await this.rooms.findById(team.roomId);
    if (main) await this.eraser.erase(main);
    await this.teamMembers.deleteByTeam(team._id);
    await this.teams.deleteById(team._id);
    return { ok: true };
  }

  private async mainRoom(team: ITeam): Promise<IRoom> {
    const room = await this.rooms.findById(team.roomId);
    if (!room) throw new DomainError(ErrorCode.RoomNotFound, 'Room not found');
    return room;
  }
}
