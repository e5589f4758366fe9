import { permissionRequired } from '@rc/permissions';
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type IRoom,
  type Page,
  type RoomTeamInfo,
  type RoomMember,
  type RoomsGetResult,
  type UserStatus,
} from '@rc/contracts';
import { RoomsRepository, UsersRepository, SubscriptionsRepository, TeamsRepository, TrashRepository } from '@rc/models';
import type { SortOrder } from 'mongoose';
import { AccessService } from '../common/access.service.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { PageSize } from '@rc/settings';

/** Fields a room list may be sorted by (anything else is refused, never passed to the database). */
const ROOM_SORT_FIELDS = new Set(['name', 'fname', 'ts', '_updatedAt', 'lm', 'msgs', 'usersCount']);

export interface RoomListQuery {
  t: 'c' | 'p' | 'd';
  joinedOnly: boolean;
  name?: string;
  sort?: Record<string, 1 | -1>;
  offset: number;
  count?: number;
}

@Injectable()
export class RoomQueriesService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly trash: TrashRepository,
    private readonly teams: TeamsRepository,
  ) {}

  /** `channels.info`, `groups.info`, `rooms.info`: only a room the caller may read. */
  async info(actor: Actor, selector: RoomSelector, options: { checkArchived?: boolean } = {}): Promise<IRoom> {
    const room = await this.resolver.resolve(actor.userId, selector, options);
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.NotAllowed, 'Not Allowed');
    return room;
  }

  /**
   * The room as Rocket.Chat's rooms API finds it (`findRoomByIdOrName`, any type), then `failure('not-allowed',
   * 'Not Allowed')` without access; `channels.info` / `groups.info` keep their family's lookup and errors (`info`).
   */
  private async roomsApiRoom(actor: Actor, selector: RoomSelector): Promise<IRoom> {
    const room = await this.resolver.findRoomByIdOrName(selector, { checkArchived: true });
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.RoomNotAllowed, 'not-allowed');
    return room;
  }

  /**
   * `rooms.info` (Rocket.Chat's `Team.getRoomInfo`): the room (projected by `fields`), its team for a team room,
   * and its parent: a discussion's room, else a team room's main room.
   */
  async infoInContext(
    actor: Actor,
    selector: RoomSelector,
    fields?: Record<string, 0 | 1>,
  ): Promise<{ room: Partial<IRoom>; team?: RoomTeamInfo; parent?: Partial<IRoom> }> {
    const room = selector.t ? await this.info(actor, selector) : await this.roomsApiRoom(actor, selector);
    const team = room.teamId ? await this.teams.findById(room.teamId) : null;
    const teamInfo = team ? { _id: team._id, name: team.name, roomId: team.roomId, type: team.type } : undefined;
    const parentId = room.prid ?? (teamInfo && !room.teamMain ? teamInfo.roomId : undefined);
    const parentRoom = parentId ? await this.rooms.findById(parentId) : null;
    const parentFields = room.prid ? (['_id', 'name', 'fname', 't', 'prid', 'u'] as const) : (['_id', 'name', 'fname', 't'] as const);
    return {
      room: project(room, fields),
      ...(teamInfo && { team: teamInfo }),
      ...(parentRoom && {
        parent: Object.fromEntries(parentFields.filter((k) => parentRoom[k] !== undefined).map((k) => [k, parentRoom[k]])),
      }),
    };
  }

  /**
   * `channels.list`: every public channel for holders of `view-c-room` (others' team rooms left out), else
   * the joined ones; `channels.list.joined`, `groups.list`, `im.list`: the caller's own.
   */
  async list(actor: Actor, query: RoomListQuery): Promise<Page<IRoom>> {
    let ids: string[] | undefined;
    let excludeTeamRoomsExcept: string[] | undefined;
    if (query.t === 'c' && !query.joinedOnly) {
      const [seeAll, seeJoined] = await Promise.all([
        this.access.hasPermission(actor.userId, 'view-c-room'),
        this.access.hasPermission(actor.userId, 'view-joined-room'),
      ]);
      // `channels.list` declares `permissionsRequired` (`view-c-room` or `view-joined-room`).
      if (!seeAll && !seeJoined) throw permissionRequired();
      const mine = await this.subscriptions.roomIdsOfUser(actor.userId);
      if (seeAll) excludeTeamRoomsExcept = mine;
      else ids = await this.subscriptions.roomIdsOfUser(actor.userId, ['c']);
    } else {
      ids = await this.subscriptions.roomIdsOfUser(actor.userId, [query.t]);
    }
    const { rooms, total } = await this.rooms.findPage({
      t: query.t,
      ids,
      name: query.name,
      excludeTeamRoomsExcept,
      sort: roomSort(query.sort, query.t === 'd' ? { _updatedAt: -1 } : { name: 1 }),
      skip: query.offset,
      limit: this.pageSize.count(query.count),
    });
    return { items: rooms, count: rooms.length, offset: query.offset, total };
  }

  /** `channels.members`, `groups.members`, `im.members`. */
  async members(
    actor: Actor,
    selector: RoomSelector,
    query: { filter?: string; status?: UserStatus[]; offset: number; count?: number },
  ): Promise<Page<RoomMember>> {
    // `groups.members` refuses an archived group (`findPrivateGroupByIdOrName`'s default); `channels.members` does not.
    const room = await this.info(actor, selector, { checkArchived: selector.t === 'p' });
    if (room.broadcast && !(await this.access.hasPermission(actor.userId, 'view-broadcast-member-list', room._id))) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
    const memberIds = room.t === 'd' && room.uids ? room.uids : await this.subscriptions.memberIdsOf(room._id);
    const { users, total } = await this.users.findRoomUsersPageAmong(memberIds, {
      filter: query.filter,
      status: query.status,
      skip: query.offset,
      limit: this.pageSize.count(query.count),
    });
    const items = users.map(({ _id, username, name, status, statusText, utcOffset }) => ({
      _id,
      username,
      name,
      status,
      statusText,
      utcOffset,
    }));
    return { items, count: items.length, offset: query.offset, total };
  }

  /** `rooms.get` / `rooms/get`: the caller's rooms, or what changed and which of them were deleted since a date. */
  async get(actor: Actor, updatedSince?: Date): Promise<RoomsGetResult> {
    const ids = await this.subscriptions.roomIdsOfUser(actor.userId);
    if (!updatedSince) return this.rooms.findByIds(ids);
    // Removals: the deleted rooms the caller was in (their subscriptions went to the trash with them), not
    // every room deleted on the server, whose ids are none of the caller's business.
    const [update, unsubscribed] = await Promise.all([
      this.rooms.findByIdsUpdatedSince(ids, updatedSince),
      this.trash.findRoomIdsUnsubscribedSince(actor.userId, updatedSince),
    ]);
    return { update, remove: await this.trash.findRoomsDeletedSince(updatedSince, unsubscribed) };
  }

  /** `getRoomIdByNameOrId` / `getRoomNameById`: a room the caller may read. */
  async resolve(actor: Actor, nameOrId: string): Promise<Pick<IRoom, '_id' | 'name' | 'fname' | 't'>> {
    const room = await this.rooms.findByIdOrName(nameOrId);
    if (!room || !(await this.access.canAccessRoom(actor.userId, room._id))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    return { _id: room._id, name: room.name, fname: room.fname, t: room.t };
  }
}

function roomSort(sort: Record<string, 1 | -1> | undefined, fallback: Record<string, SortOrder>): Record<string, SortOrder> {
  if (!sort || Object.keys(sort).length === 0) return fallback;
  for (const field of Object.keys(sort)) {
    if (!ROOM_SORT_FIELDS.has(field)) throw new DomainError(ErrorCode.InvalidSort, `Invalid sort field: ${field}`);
  }
  return sort;
}

/**
 * Rocket.Chat's `fields` projection of one document, as MongoDB would apply it: inclusions keep those top-level
 * fields and `_id` (unless excluded), exclusions drop theirs; nested paths project their top-level field.
 */
export function project<T extends { _id: string }>(doc: T, fields?: Record<string, 0 | 1>): Partial<T> {
  const entries = Object.entries(fields ?? {});
  if (entries.length === 0) return doc;
  const top = (path: string) => path.split('.')[0];
  const included = new Set(entries.filter(([, v]) => v === 1).map(([k]) => top(k)));
  const excluded = new Set(entries.filter(([, v]) => v === 0).map(([k]) => top(k)));
  if (included.size === 0) return Object.fromEntries(Object.entries(doc).filter(([k]) => !excluded.has(k))) as Partial<T>;
  if (!excluded.has('_id')) included.add('_id');
  return Object.fromEntries(Object.entries(doc).filter(([k]) => included.has(k))) as Partial<T>;
}
