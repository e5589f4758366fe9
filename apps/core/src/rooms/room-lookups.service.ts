import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage, type IRoom, type Page, type UserRef } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, SubscriptionsRepository, UsersRepository } from '@rc/models';
import { PageSize, SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { messageSort } from '../messaging/message-sort.js';

/** Fields a room list may be sorted by. */
const ROOM_SORT_FIELDS = new Set(['name', 'fname', 'ts', '_updatedAt', 'lm', 'usersCount', 'msgs']);
const notAllowed = () => new DomainError(ErrorCode.NotAllowed, 'Not Allowed');

/**
 * Rocket.Chat's small room look-ups: `channels|groups.moderators`, `channels|groups.online`, `groups.listAll`,
 * `rooms.isMember`, `channels.anonymousread` and `channels.getAllUserMentionsByChannel`.
 */
@Injectable()
export class RoomLookupsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly messages: MessagesRepository,
    private readonly settings: SettingsCache,
  ) {}

  /**
   * The room a `rooms.*` route names, found before its own checks as Rocket.Chat's rooms API finds it
   * (`findRoomByIdOrName`: "not found", an archived room refused); `rooms.cleanHistory`.
   */
  async roomsApiRoom(roomId: string): Promise<void> {
    await this.resolver.findRoomByIdOrName({ roomId }, { checkArchived: true });
  }

  /** The room's moderators (their `u`), for those who may see the room. */
  async moderators(actor: Actor, selector: RoomSelector): Promise<UserRef[]> {
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: true });
    return (await this.subscriptions.findByRoomAndRole(room._id, 'moderator')).map((s) => s.u);
  }

  /** Members not offline; `Invalid query` without a room, `error-not-allowed` when the caller may not see it. */
  async online(
    actor: Actor,
    query: { t: 'c' | 'p'; roomId?: string; roomName?: string },
  ): Promise<Array<{ _id: string; username?: string }>> {
    // `API.v1.failure(text)`: the text alone.
    if (!query.roomId && !query.roomName) throw new DomainError(ErrorCode.PlainFailure, 'Invalid query');
    const room = query.roomId ? await this.rooms.findById(query.roomId) : await this.rooms.findByName(query.roomName!);
    if (!room || room.t !== query.t || (query.roomId && query.roomName && room.name !== query.roomName)) {
      throw new DomainError(ErrorCode.PlainFailure, query.t === 'c' ? 'Channel does not exists' : 'Group does not exists');
    }
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw notAllowed();
    const online = await this.users.findNotOffline(await this.subscriptions.memberIdsOf(room._id));
    return online.map((user) => ({ _id: user._id, username: user.username }));
  }

  /** `groups.listAll`: every private group, for holders of `view-room-administration`. */
  async listAllGroups(actor: Actor, query: { sort?: Record<string, 1 | -1>; offset: number; count?: number }): Promise<Page<IRoom>> {
    if (!(await this.access.hasPermission(actor.userId, 'view-room-administration'))) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
    const sort = query.sort && Object.keys(query.sort).length ? query.sort : { name: 1 as const };
    for (const field of Object.keys(sort)) {
      if (!ROOM_SORT_FIELDS.has(field)) throw new DomainError(ErrorCode.InvalidSort, `Invalid sort field: ${field}`);
    }
    const { rooms, total } = await this.rooms.findPage({
      t: 'p',
      sort: sort,
      skip: query.offset,
      limit: this.pageSize.count(query.count),
    });
    return { items: rooms, count: rooms.length, offset: query.offset, total };
  }

  /** `rooms.isMember`: whether the user has a subscription to a room the caller may see (403 otherwise). */
  async isMember(actor: Actor, query: { roomId: string; userId?: string; username?: string }): Promise<boolean> {
    if (!query.userId && !query.username) {
      throw new DomainError(ErrorCode.InvalidParams, "must have required property 'userId' or 'username'");
    }
    // Rocket.Chat's rooms API lookup (`findRoomByIdOrName`): "not found", and an archived room refused.
    const room = await this.resolver.findRoomByIdOrName({ roomId: query.roomId }, { checkArchived: true });
    const user = await this.users.findRoomUserByIdOrUsername({ userId: query.userId, username: query.username });
    if (!user) throw new DomainError(ErrorCode.UserNotFound, 'error-user-not-found');
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    return (await this.subscriptions.findByRoomAndUser(room._id, user._id)) !== null;
  }

  /** `channels.anonymousread`: a channel's messages for anyone, while `Accounts_AllowAnonymousRead` is on. */
  async anonymousRead(query: {
    roomId?: string;
    roomName?: string;
    sort?: Record<string, 1 | -1>;
    offset: number;
    count?: number;
  }): Promise<Page<IMessage>> {
    const room = await this.resolver.resolve('', { roomId: query.roomId, roomName: query.roomName, t: 'c' });
    if (!this.settings.get<boolean>('Accounts_AllowAnonymousRead')) {
      throw new DomainError(ErrorCode.NotAllowed, 'Enable "Allow Anonymous Read"');
    }
    return this.messages.findVisiblePage(
      { rid: room._id },
      { sort: messageSort(query.sort, { ts: -1 }), offset: query.offset, limit: this.pageSize.count(query.count) },
    );
  }

  /** `channels.getAllUserMentionsByChannel`: the messages mentioning the caller in a room they may see. */
  async userMentions(
    actor: Actor,
    query: { roomId: string; sort?: Record<string, 1 | -1>; offset: number; count?: number },
  ): Promise<Page<IMessage>> {
    // Rocket.Chat's `getUserMentionsByChannel`: an unknown room, then one the caller cannot read.
    const room = await this.rooms.findById(query.roomId);
    if (!room) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    return this.messages.findVisiblePage(
      { rid: room._id, mentioning: actor.username },
      { sort: messageSort(query.sort, { ts: 1 }), offset: query.offset, limit: this.pageSize.count(query.count) },
    );
  }
}
