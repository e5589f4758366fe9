import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IRoom, type RoomCounters, type RoomRoleHolder } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, SubscriptionsRepository } from '@rc/models';
import { AccessService } from '../common/access.service.js';
import { notOfFamily, RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';

/** What a client reads when it opens a room: the room by its route, its role holders, its counters. */
@Injectable()
export class RoomOpenService {
  constructor(
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly messages: MessagesRepository,
  ) {}

  /** `getRoomByTypeAndName`: by name or id, of that type; its last message only for who may preview rooms. */
  async byTypeAndName(actor: Actor, t: string, nameOrId: string): Promise<IRoom> {
    const room = await this.rooms.findByIdOrName(nameOrId);
    if (!room || room.t !== t) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.NoPermission, 'No permission');
    if (room.lastMessage && !(await this.access.hasPermission(actor.userId, 'preview-c-room'))) {
      const { lastMessage: _hidden, ...rest } = room;
      return rest;
    }
    return room;
  }

  /** `rooms.nameExists`: any room of that name, as Rocket.Chat answers it (the create dialog checks names with it). */
  async nameExists(roomName: string): Promise<{ exists: boolean }> {
    return { exists: (await this.rooms.findByName(roomName)) !== null };
  }

  /** `getRoomById`: unknown and unreadable rooms are both "Not allowed". */
  byId(actor: Actor, rid: string): Promise<IRoom> {
    return this.resolver.readable(actor.userId, rid);
  }

  /** `channels.roles`, `groups.roles`, `getRoomRoles`: the owners, moderators and leaders of a readable room. */
  async roles(actor: Actor, selector: RoomSelector): Promise<RoomRoleHolder[]> {
    // By id (DDP), `readable` checks access; the REST families' resolver leaves public channels to this check.
    const room = selector.t
      ? await this.resolver.resolve(actor.userId, selector, { checkArchived: true })
      : await this.resolver.readable(actor.userId, selector.roomId ?? '');
    if (selector.t && !(await this.access.canAccessRoom(actor.userId, room._id)))
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    const holders = await this.subscriptions.findRoleHolders(room._id);
    return holders.map(({ _id, rid, u, roles }) => ({ _id, rid, u, roles: roles ?? [] }));
  }

  /**
   * `channels.counters` & co., as Rocket.Chat counts them: unread messages from the subscription's last seen to
   * the room's last message (both included) while the room is open in the sidebar; the room's size and message
   * count only for a member or a room administrator.
   */
  async counters(actor: Actor, selector: RoomSelector, userId?: string): Promise<RoomCounters> {
    const administrator = await this.access.hasPermission(actor.userId, 'view-room-administration');
    if (userId && userId !== actor.userId && !administrator) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    // Rocket.Chat's `channels.counters` / `groups.counters` refuse an archived room; `im.counters` checks access first;
    // `groups.counters` looks the group up itself, and no room named is "not found" there.
    if (selector.t === 'p' && !selector.roomId && !selector.roomName) throw notOfFamily('p');
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: true, accessFirst: true });
    const subscription = await this.subscriptions.findByRoomAndUser(room._id, userId ?? actor.userId);
    const latest = room.lm ?? room._updatedAt;
    const counters: RoomCounters = {
      joined: false,
      members: null,
      unreads: null,
      unreadsFrom: null,
      msgs: null,
      latest: null,
      userMentions: null,
    };
    if (subscription?.open) {
      const from = subscription.ls ?? subscription.ts;
      // Seen after the room's last change (a direct message just opened): nothing unread, no range to count.
      counters.unreads =
        new Date(from).getTime() > new Date(latest).getTime()
          ? 0
          : await this.messages.countHistory({ rid: room._id, after: from, before: latest, inclusive: true, includeThreadReplies: true });
      counters.unreadsFrom = from;
      counters.userMentions = subscription.userMentions ?? 0;
      counters.joined = true;
    }
    if (administrator || counters.joined) {
      counters.msgs = room.msgs;
      counters.latest = latest;
      counters.members = room.usersCount;
    }
    return counters;
  }
}
