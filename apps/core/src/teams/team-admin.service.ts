import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  TEAM_TYPE,
  type Actor,
  type IRoom,
  type ITeam,
  type Page,
  type TeamAutocompleteItem,
  type TeamListItem,
  type TeamRoomOfUser,
  type TeamType,
} from '@rc/contracts';
import {
  isDuplicateKeyError,
  randomId,
  RoomsRepository,
  SubscriptionsRepository,
  TeamMembersRepository,
  TeamsRepository,
  toUserRef,
  UsersRepository,
} from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { PageSize, SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import { SystemMessages } from '../messaging/writer/system-messages.service.js';
import { RoomEraser } from '../rooms/room-eraser.service.js';
import { RoomMembershipService } from '../rooms/room-membership.service.js';
import { RoomSettingsService } from '../rooms/room-settings.service.js';
import { teamFailure, TeamResolver } from './team-resolver.js';

type TeamSelector = { teamId?: string; teamName?: string };
/** Rocket.Chat's `API.v1.forbidden()` (403) on these routes. */
const forbidden = () => new DomainError(ErrorCode.Unauthorized, 'unauthorized');
const invalidRoom = () => teamFailure('invalid-room');

/**
 * The rest of Rocket.Chat's Team service: `update`, `updateRoom`, `removeMembers` (leave), `updateMember`,
 * `listRoomsOfUser`, `listAll`, `listChildren`, `autocomplete`, and converting rooms to teams and back.
 */
@Injectable()
export class TeamAdminService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly access: AccessService,
    private readonly resolver: TeamResolver,
    private readonly teams: TeamsRepository,
    private readonly teamMembers: TeamMembersRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly membership: RoomMembershipService,
    private readonly roomSettings: RoomSettingsService,
    private readonly eraser: RoomEraser,
    private readonly systemMessages: SystemMessages,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** `teams.update` (needs `edit-team`): the main room is renamed / retyped, and the team with it. */
  async update(actor: Actor, selector: TeamSelector, data: { name?: string; type?: TeamType }): Promise<{ ok: true }> {
    const team = await this.resolver.resolve(selector);
    if (!(await this.access.hasPermission(actor.userId, 'edit-team', team.roomId))) throw forbidden();
    const main = await this.mainRoom(team);
    const changes = {
      ...(data.name !== undefined && data.name !== main.name && { name: data.name }),
      ...(data.type !== undefined && { type: data.type === TEAM_TYPE.PRIVATE ? 'p' : 'c' }),
    };
    if (Object.keys(changes).length) await this.roomSettings.apply(actor, main, changes);
    await this.teams.updateNameAndType(team._id, data);
    return { ok: true };
  }

  /** `teams.updateRoom` (needs `edit-team-channel`): the auto-join flag; set, every team member joins the room. */
  async updateRoom(actor: Actor, roomId: string, isDefault: boolean): Promise<IRoom> {
    const room = await this.rooms.findById(roomId);
    if (!room) throw invalidRoom();
    if (!room.teamId) throw teamFailure('room-not-on-team');
    const team = await this.teams.findById(room.teamId);
    if (!team) throw teamFailure('team-does-not-exist');
    if (!(await this.access.hasPermission(actor.userId, 'edit-team-channel', team.roomId))) throw forbidden();
    const canUpdateAny = await this.access.hasPermission(actor.userId, 'view-all-team-channels', team.roomId);
    if (!canUpdateAny && !(await this.access.canAccessRoom(actor.userId, room._id))) throw invalidRoom();

    const updated = (await this.rooms.update(room._id, { $set: { teamDefault: isDefault } })) ?? room;
    this.realtime.roomChanged('updated', updated);
    if (isDefault) {
      // Rocket.Chat caps the auto-join at API_User_Limit (500 by default).
      const limit = this.settings.get<number>('API_User_Limit') || 500;
      const memberIds = (await this.teamMembers.findByTeam(team._id)).map((m) => m.userId).filter((id) => id !== room.u?._id);
      const [users, inviter] = await Promise.all([
        this.users.findRoomUsersByIds(memberIds.slice(0, limit)),
        this.users.findRoomUserById(actor.userId),
      ]);
      for (const user of users) {
        if (user.active !== false) await this.membership.addUser(updated, user, inviter ? toUserRef(inviter) : undefined);
      }
    }
    return (await this.rooms.findById(room._id)) ?? updated;
  }

  /** `teams.leave`: out of the team and its main room (never as its last owner), and out of the given team rooms. */
  async leave(actor: Actor, selector: TeamSelector, roomIds: string[] = []): Promise<{ ok: true }> {
    const team = await this.resolver.resolve(selector);
    const [membership, subscription] = await Promise.all([
      this.teamMembers.findOne(team._id, actor.userId),
      this.subscriptions.findByRoomAndUser(team.roomId, actor.userId),
    ]);
    if (!membership && !subscription) throw teamFailure('member-does-not-exist');
    if (membership?.roles?.includes('owner')) {
      const owners = (await this.teamMembers.findByTeam(team._id)).filter((m) => m.roles?.includes('owner'));
      if (owners.length === 1) throw teamFailure('last-owner-can-not-be-removed');
    }
    const user = await this.users.findRoomUserById(actor.userId);
    if (!user) throw teamFailure('invalid-user');
    if (membership) await this.teamMembers.deleteOne(team._id, actor.userId);
    const main = await this.rooms.findById(team.roomId);
    if (main) await this.membership.removeUser(main, user);
    for (const rid of roomIds.length ? await this.rooms.findTeamRoomIds(team._id, roomIds) : []) {
      const room = await this.rooms.findById(rid);
      if (room) await this.membership.removeUser(room, user);
    }
    return { ok: true };
  }

  /** `teams.updateMember` (needs `edit-team-member`): the member's roles, replaced, on the team and the main room. */
  async updateMember(actor: Actor, selector: TeamSelector, member: { userId: string; roles?: string[] | null }): Promise<{ ok: true }> {
    const team = await this.resolver.resolve(selector);
    if (!(await this.access.hasPermission(actor.userId, 'edit-team-member', team.roomId))) throw forbidden();
    const roles = member.roles ?? [];
    await this.teamMembers.setRoles(team._id, member.userId, roles);
    const subscription = await this.subscriptions.update(team.roomId, member.userId, { $set: { roles } });
    if (subscription) this.realtime.subscriptionChanged('updated', subscription);
    return { ok: true };
  }

  /**
   * `teams.listRoomsOfUser`: the team rooms `userId` is in, each with whether they are its last owner; the
   * caller's own, or anyone's with `view-all-team-channels`. A private team's only for members (or `view-all-teams`).
   */
  async listRoomsOfUser(
    actor: Actor,
    selector: TeamSelector,
    query: { userId: string; canUserDelete: boolean; offset: number; count?: number },
  ): Promise<Page<TeamRoomOfUser>> {
    const team = await this.resolver.resolve(selector);
    const allowPrivateTeam = await this.access.hasPermission(actor.userId, 'view-all-teams', team.roomId);
    if (actor.userId !== query.userId && !(await this.access.hasPermission(actor.userId, 'view-all-team-channels', team.roomId))) {
      throw forbidden();
    }
    if (team.type === TEAM_TYPE.PRIVATE && !allowPrivateTeam && !(await this.teamMembers.findOne(team._id, actor.userId))) {
      throw teamFailure('user-not-on-private-team');
    }
    let teamRooms = await this.rooms.findTeamRoomTypes(team._id);
    if (query.canUserDelete) {
      const [channel, group] = await Promise.all([
        this.access.hasPermission(query.userId, 'delete-team-channel', team.roomId),
        this.access.hasPermission(query.userId, 'delete-team-group', team.roomId),
      ]);
      const deletable = await Promise.all(
        teamRooms.map(
          async (room) =>
            (room.t === 'c' ? channel : group) &&
            (await this.access.hasPermission(query.userId, room.t === 'c' ? 'delete-c' : 'delete-p', room._id)),
        ),
      );
      teamRooms = teamRooms.filter((_room, index) => deletable[index]);
    }
    const candidateIds = teamRooms.filter((room) => room.t === 'c' || room.t === 'p').map((room) => room._id);
    const subscribed = new Set(await this.subscriptions.roomIdsOfUser(query.userId));
    const ids = candidateIds.filter((id) => subscribed.has(id));
    const { rooms, total } = await this.rooms.findPageByIds(ids, query.offset, this.pageSize.count(query.count));
    const items = await Promise.all(
      rooms.map(async (room) => {
        const owners = await this.subscriptions.findMemberIdsWithRoomRole(room._id, 'owner');
        return { ...room, isLastOwner: owners.length === 1 && owners[0] === query.userId };
      }),
    );
    return { items, count: items.length, offset: query.offset, total };
  }

  /** `teams.listAll` (needs `view-all-teams`). */
  async listAll(actor: Actor, offset: number, count?: number): Promise<Page<TeamListItem>> {
    if (!(await this.access.hasPermission(actor.userId, 'view-all-teams'))) throw forbidden();
    const { teams, total } = await this.teams.findPage(offset, this.pageSize.count(count));
    const items = await Promise.all(
      teams.map(async (team) => ({
        ...team,
        rooms: await this.rooms.countTeamRooms(team._id),
        numberOfUsers: await this.teamMembers.countByTeam(team._id),
      })),
    );
    return { items, count: items.length, offset, total };
  }

  /** `teams.listChildren`: for the team's members, its visible rooms and the main room's discussions. */
  async listChildren(
    actor: Actor,
    selector: TeamSelector & { roomId?: string },
    query: { filter?: string; type?: 'channels' | 'discussions'; sort?: Record<string, 1 | -1>; offset: number; count?: number },
  ): Promise<{ total: number; data: IRoom[]; offset: number; count: number }> {
    const team = await this.teamOf(selector);
    const main = await this.rooms.findById(team.roomId);
    if (!main) throw teamFailure('error-invalid-team-no-main-room');
    if (!(await this.teamMembers.findOne(team._id, actor.userId))) {
      throw teamFailure('error-invalid-team-not-a-member');
    }
    const limit = this.pageSize.count(query.count);
    const { rooms, total } = await this.rooms.findTeamChildren(team._id, main._id, {
      memberOf: await this.subscriptions.roomIdsOfUser(actor.userId),
      name: query.filter?.trim() || undefined,
      type: query.type,
      sort: query.sort ?? { lm: -1 },
      skip: query.offset,
      limit,
    });
    // Rocket.Chat answers the page size as `count`.
    return { total, data: rooms, offset: query.offset, count: limit };
  }

  /** `teams.autocomplete`: teams by name prefix, public ones and those whose main room the caller is in. */
  async autocomplete(actor: Actor, name: string): Promise<TeamAutocompleteItem[]> {
    return this.rooms.findTeamMainRoomsByPrefix(name, await this.subscriptions.roomIdsOfUser(actor.userId));
  }

  /** `teams.convertToChannel` (needs `convert-team`): `roomsToRemove` erased, every room leaves the team, which goes. */
  async convertToChannel(actor: Actor, selector: TeamSelector, roomsToRemove: string[]): Promise<{ ok: true }> {
    const team = await this.resolver.resolve(selector);
    if (!(await this.access.hasPermission(actor.userId, 'convert-team', team.roomId))) throw forbidden();
    for (const rid of roomsToRemove.length ? await this.rooms.findTeamRoomIds(team._id, roomsToRemove) : []) {
      const room = await this.rooms.findById(rid);
      if (room) await this.eraser.erase(room);
    }
    const main = await this.mainRoom(team);
    const by = toUserRef((await this.users.findRoomUserById(actor.userId)) ?? { _id: actor.userId, username: actor.username });
    await this.systemMessages.save('user-converted-to-channel', main, main.name ?? '', by);
    for (const rid of await this.rooms.unsetTeamOfAllRooms(team._id)) {
      const room = await this.rooms.findById(rid);
      if (room) this.realtime.roomChanged('updated', room);
    }
    await this.teamMembers.deleteByTeam(team._id);
    await this.teams.deleteById(team._id);
    return { ok: true };
  }

  /**
   * `channels.convertToTeam` / `groups.convertToTeam`: the room becomes the main room of a new team of the
   * same name; its members become the team's, the caller its owner. Needs `create-team` and `edit-room`.
   */
  async convertToTeam(actor: Actor, selector: { t: 'c' | 'p'; roomId?: string; roomName?: string }): Promise<ITeam> {
    if (!selector.roomId && !selector.roomName) {
      const names = selector.t === 'c' ? '"channelId" or "channelName"' : '"roomId" or "roomName"';
      throw new DomainError(ErrorCode.InvalidParams, `The parameter ${names} is required`);
    }
    if (!(await this.access.hasPermission(actor.userId, 'create-team'))) throw forbidden();
    const room = selector.roomId ? await this.rooms.findById(selector.roomId) : await this.rooms.findByName(selector.roomName!);
    const noun = selector.t === 'c' ? 'channel' : 'group';
    if (!room || room.t !== selector.t || (room.t === 'p' && !(await this.access.canAccessRoom(actor.userId, room._id)))) {
      throw new DomainError(ErrorCode.RoomNotFound, `The required "roomId" or "roomName" param provided does not match any ${noun}`);
    }
    if (room.archived) {
      throw new DomainError(
        ErrorCode.RoomArchived,
        `${selector.t === 'c' ? 'The channel' : 'The private group'}, ${room.name}, is archived`,
      );
    }
    if (!(await this.access.hasPermission(actor.userId, 'edit-room', room._id))) throw forbidden();
    if (room.teamId) throw new DomainError(ErrorCode.RoomAlreadyOnTeam, 'Room already on team');
    const name = room.name ?? '';
    if (await this.teams.findByName(name)) throw new DomainError(ErrorCode.TeamNameExists, 'team-name-already-exists');

    const creator = await this.users.findRoomUserById(actor.userId);
    if (!creator?.username) throw new DomainError(ErrorCode.InvalidUser, 'invalid-user');
    const createdBy = { _id: creator._id, username: creator.username };
    const now = new Date();
    const teamId = randomId();
    let team: ITeam;
    try {
      team = await this.teams.insert({
        _id: teamId,
        name,
        type: room.t === 'c' ? TEAM_TYPE.PUBLIC : TEAM_TYPE.PRIVATE,
        roomId: room._id,
        createdAt: now,
        createdBy,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DomainError(ErrorCode.TeamNameExists, 'team-name-already-exists');
      throw error;
    }
    const memberIds = new Set((await this.subscriptions.findByRoom(room._id)).map((s) => s.u._id));
    memberIds.delete(actor.userId);
    await this.teamMembers.insertMany([
      ...[...memberIds].map((userId) => ({ _id: randomId(), teamId, userId, roles: [], createdAt: now, createdBy })),
      { _id: randomId(), teamId, userId: actor.userId, roles: ['owner'], createdAt: now, createdBy },
    ]);
    const updated = (await this.rooms.update(room._id, { $set: { teamMain: true, teamId } })) ?? room;
    await this.systemMessages.save('user-converted-to-team', updated, name, toUserRef(creator));
    this.realtime.roomChanged('updated', (await this.rooms.findById(room._id)) ?? updated);
    return team;
  }

  /** A team by id or name, or (`teams.listChildren`) by one of its rooms; Rocket.Chat's 404 when none. */
  private async teamOf(selector: TeamSelector & { roomId?: string }): Promise<ITeam> {
    const notFound = () => new DomainError(ErrorCode.NotFound, 'Resource not found');
    if (selector.teamId || selector.teamName) {
      const team = selector.teamId ? await this.teams.findById(selector.teamId) : await this.teams.findByName(selector.teamName!);
      if (!team) throw notFound();
      return team;
    }
    if (!selector.roomId) throw new DomainError(ErrorCode.InvalidParams, 'The parameter "teamId", "teamName" or "roomId" is required');
    const room = await this.rooms.findById(selector.roomId);
    if (!room) throw invalidRoom();
    if (!room.teamId) throw teamFailure('room-not-on-team');
    const team = await this.teams.findById(room.teamId);
    if (!team) throw notFound();
    return team;
  }

  private async mainRoom(team: ITeam): Promise<IRoom> {
    const room = await this.rooms.findById(team.roomId);
    if (!room) throw new DomainError(ErrorCode.RoomNotFound, 'Room not found');
    return room;
  }
}
