import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type IRoom,
  type Page,
  type RoomMember,
  type RoomsGetResult,
  type UserStatus,
} from '@rc/contracts';
import { RoomsRepository, UsersRepository, SubscriptionsRepository, TrashRepository } from '@rc/models';
import type { SortOrder } from 'mongoose';
import { AccessService } from '../common/access.service.js';
import { cappedCount } from '../common/pagination.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';

/** Fields a room list may be sorted by (anything else is refused, never passed to the database). */
const ROOM_SORT_FIELDS = new Set(['name', 'fname', 'ts', '_updatedAt', 'lm', 'msgs', 'usersCount']);

export interface RoomListQuery {
  t: 'c' | 'p' | 'd';
  joinedOnly: boolean;
  name?: string;
  sort?: Record<string, 1 | -1>;
  offset: number;
  count: number;
}

@Injectable()
export class RoomQueriesService {
  constructor(
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly trash: TrashRepository,
  ) {}

  /** `channels.info`, `groups.info`, `rooms.info`: only a room the caller may read. */
  async info(actor: Actor, selector: RoomSelector): Promise<IRoom> {
    const room = await this.resolver.resolve(actor.userId, selector);
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.NotAllowed, 'Not Allowed');
    return room;
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
      if (!seeAll && !seeJoined) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
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
      limit: cappedCount(query.count),
    });
    return { items: rooms, count: rooms.length, offset: query.offset, total };
  }

  /** `channels.members`, `groups.members`, `im.members`. */
  async members(
    actor: Actor,
    selector: RoomSelector,
    query: { filter?: string; status?: UserStatus[]; offset: number; count: number },
  ): Promise<Page<RoomMember>> {
    const room = await this.info(actor, selector);
    if (room.broadcast && !(await this.access.hasPermission(actor.userId, 'view-broadcast-member-list', room._id))) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
    const memberIds = room.t === 'd' && room.uids ? room.uids : await this.subscriptions.memberIdsOf(room._id);
    const { users, total } = await this.users.findRoomUsersPageAmong(memberIds, {
      filter: query.filter,
      status: query.status,
      skip: query.offset,
      limit: cappedCount(query.count),
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
