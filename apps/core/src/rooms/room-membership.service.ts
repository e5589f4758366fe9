import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IRoom, type ISubscription, type UserRef } from '@rc/contracts';
import {
  randomId,
  RoomsRepository,
  UsersRepository,
  SubscriptionsRepository,
  TeamMembersRepository,
  toUserRef,
  TRASHED,
  TrashRepository,
  type RoomUser,
} from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { userFromParams } from '../common/user-from-params.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { SystemMessages } from '../messaging/writer/system-messages.service.js';
import { newSubscription } from './new-subscription.js';

const notAllowed = () => new DomainError(ErrorCode.NotAllowed, 'Not allowed');

/** Joining, leaving, inviting and kicking (Rocket.Chat's `addUserToRoom`, `removeUserFromRoom` and methods). */
@Injectable()
export class RoomMembershipService {
  constructor(
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly teamMembers: TeamMembersRepository,
    private readonly trash: TrashRepository,
    private readonly systemMessages: SystemMessages,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** `channels.join` / `joinRoom`: public channels only, with the join code when the room has one. */
  async join(actor: Actor, selector: RoomSelector, joinCode?: string): Promise<IRoom> {
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: true });
    if (room.t !== 'c' || !(await this.access.canAccessRoom(actor.userId, room._id))) throw notAllowed();
    const { joinCode: code } = (await this.rooms.findJoinCode(room._id)) ?? {};
    if (code && !(await this.access.hasPermission(actor.userId, 'join-without-join-code'))) {
      if (!joinCode) throw new DomainError(ErrorCode.JoinCodeRequired, 'Code required');
      if (joinCode !== code) throw new DomainError(ErrorCode.JoinCodeInvalid, 'Invalid code');
    }
    const user = await this.requireUser(actor.userId);
    await this.addUser(room, user);
    return (await this.rooms.findById(room._id)) ?? room;
  }

  /** `channels.leave` / `leaveRoom`: not from a direct message, and not as the last owner. */
  async leave(actor: Actor, selector: RoomSelector): Promise<IRoom> {
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: true });
    if (room.t === 'd') throw notAllowed();
    if (!(await this.access.hasPermission(actor.userId, room.t === 'c' ? 'leave-c' : 'leave-p'))) throw notAllowed();
    const subscription = await this.subscriptions.findByRoomAndUser(room._id, actor.userId);
    if (!subscription) throw new DomainError(ErrorCode.UserNotInRoom, 'You are not in this room');
    await this.assertNotLastOwner(room._id, subscription);
    await this.removeUser(room, await this.requireUser(actor.userId));
    return (await this.rooms.findById(room._id)) ?? room;
  }

  /** `channels.invite` / `addUsersToRoom`: members with `add-user-to-joined-room`, or the "any room" permissions. */
  async invite(actor: Actor, selector: RoomSelector, userIds: string[], usernames: string[]): Promise<IRoom> {
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: true });
    if (room.t === 'd') throw new DomainError(ErrorCode.CantInviteForDirectRoom, "Can't invite user to direct rooms");
    if (userIds.length === 0 && usernames.length === 0) {
      throw new DomainError(ErrorCode.InvalidArguments, 'Cannot invite if no users are provided');
    }
    const inviterIsMember = (await this.subscriptions.findByRoomAndUser(room._id, actor.userId)) !== null;
    const canAdd =
      (inviterIsMember && (await this.access.hasPermission(actor.userId, 'add-user-to-joined-room', room._id))) ||
      (await this.access.hasPermission(actor.userId, room.t === 'c' ? 'add-user-to-any-c-room' : 'add-user-to-any-p-room'));
    if (!canAdd) throw notAllowed();

    const [byId, byName] = await Promise.all([
      this.users.findRoomUsersByIds(userIds),
      this.users.findRoomUsersByUsernames(usernames.map((u) => u.replace(/^@/, ''))),
    ]);
    if (byId.length !== new Set(userIds).size || byName.length !== new Set(usernames).size) {
      throw new DomainError(ErrorCode.UserNotFound, 'User not found');
    }
    const inviter = await this.requireUser(actor.userId);
    for (const user of new Map([...byId, ...byName].map((u) => [u._id, u])).values()) {
      await this.addUser(room, user, toUserRef(inviter));
    }
    return (await this.rooms.findById(room._id)) ?? room;
  }

  /** `channels.kick` / `removeUserFromRoom`: needs `remove-user` in the room; never the last owner. */
  async kick(actor: Actor, selector: RoomSelector, target: { userId?: string; username?: string }): Promise<IRoom> {
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: true });
    // The REST routes name the user through `getUserFromParams` before the method runs.
    if (selector.t) await userFromParams(this.users, target);
    if (room.t === 'd' || !(await this.access.hasPermission(actor.userId, 'remove-user', room._id))) throw notAllowed();
    const user = await this.users.findRoomUserByIdOrUsername(target);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const canKickAny = await this.access.hasPermission(
      actor.userId,
      room.t === 'c' ? 'kick-user-from-any-c-room' : 'kick-user-from-any-p-room',
    );
    if (!canKickAny && !(await this.access.canAccessRoom(actor.userId, room._id))) {
      const noun = room.t === 'c' ? 'channel' : 'group';
      throw new DomainError(ErrorCode.RoomNotFound, `The required "roomId" or "roomName" param provided does not match any ${noun}`);
    }
    const subscription = await this.subscriptions.findByRoomAndUser(room._id, user._id);
    if (!subscription) throw new DomainError(ErrorCode.UserNotInRoom, 'User is not in this room');
    await this.assertNotLastOwner(room._id, subscription);
    await this.removeUser(room, user, toUserRef(await this.requireUser(actor.userId)));
    return (await this.rooms.findById(room._id)) ?? room;
  }

  /** The default rooms (`default: true`), joined by a new user (`addUserToDefaultChannels`). */
  async joinDefaultRooms(userId: string): Promise<string[]> {
    const user = await this.users.findRoomUserById(userId);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const joined: string[] = [];
    for (const room of await this.rooms.findDefault()) {
      if (await this.addUser(room, user)) joined.push(room._id);
    }
    return joined;
  }

  /**
   * Adds a user to a channel or group (Rocket.Chat's `addUserToRoom`): the subscription, the count, the
   * system message (`uj` joined, `au` added by someone, their team variants). False when already a member.
   */
  async addUser(room: IRoom, user: RoomUser, inviter?: UserRef, options: { silenced?: boolean } = {}): Promise<boolean> {
    const now = new Date();
    const userRef = toUserRef(user);
    const { subscription, created } = await this.subscriptions.ensure(newSubscription(room, userRef, { at: now, unreadOnJoin: true }));
    if (!created) return false;
    await this.rooms.incUsersCount(room._id, 1);
    if (room.teamMain && room.teamId) {
      await this.teamMembers.insertMany([
        {
          _id: randomId(),
          teamId: room.teamId,
          userId: user._id,
          createdAt: now,
          createdBy: { _id: (inviter ?? userRef)._id, username: (inviter ?? userRef).username },
        },
      ]);
    }
    this.realtime.subscriptionChanged('inserted', subscription);
    if (!options.silenced) {
      if (inviter) await this.systemMessages.save(room.teamMain ? 'added-user-to-team' : 'au', room, userRef.username, inviter);
      else await this.systemMessages.save(room.teamMain ? 'ujt' : 'uj', room, userRef.username, userRef);
    }
    return true;
  }

  /**
   * Removes a user from a room (Rocket.Chat's `removeUserFromRoom`): the system message (`ul` left, `ru`
   * removed by someone), then the subscription, copied to the trash first so sync reports the removal.
   */
  async removeUser(room: IRoom, user: RoomUser, removedBy?: UserRef, options: { silenced?: boolean } = {}): Promise<boolean> {
    const subscription = await this.subscriptions.findByRoomAndUser(room._id, user._id);
    if (!subscription) return false;
    const userRef = toUserRef(user);
    if (!options.silenced) {
      if (removedBy) await this.systemMessages.save(room.teamMain ? 'removed-user-from-team' : 'ru', room, userRef.username, removedBy);
      else await this.systemMessages.save(room.teamMain ? 'ult' : 'ul', room, userRef.username, userRef);
    }
    await this.trash.put(TRASHED.subscription, [subscription]);
    await this.subscriptions.deleteOne(room._id, user._id);
    await this.rooms.incUsersCount(room._id, -1);
    if (room.teamMain && room.teamId) await this.teamMembers.deleteOne(room.teamId, user._id);
    this.realtime.subscriptionChanged('removed', subscription);
    return true;
  }

  private async assertNotLastOwner(rid: string, subscription: ISubscription): Promise<void> {
    if (subscription.roles?.includes('owner') && (await this.subscriptions.countByRoomAndRole(rid, 'owner')) === 1) {
      throw new DomainError(ErrorCode.YouAreLastOwner, 'You are the last owner. Please set new owner before leaving the room.');
    }
  }

  private async requireUser(userId: string): Promise<RoomUser> {
    const user = await this.users.findRoomUserById(userId);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    return user;
  }
}
