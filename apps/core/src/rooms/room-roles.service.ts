import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type ErrorCode as Code, type RoomRole } from '@rc/contracts';
import { UsersRepository, SubscriptionsRepository, toUserRef } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { userFromParams } from '../common/user-from-params.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { SystemMessages } from '../messaging/writer/system-messages.service.js';

/** Per role: the permission needed to give or take it, and Rocket.Chat's refusals. */
const ROLE_RULES: Record<RoomRole, { permission: string; already: [Code, string]; not: [Code, string] }> = {
  owner: {
    permission: 'set-owner',
    already: [ErrorCode.UserAlreadyOwner, 'User is already an owner'],
    not: [ErrorCode.UserNotOwner, 'User is not an owner'],
  },
  moderator: {
    permission: 'set-moderator',
    already: [ErrorCode.UserAlreadyModerator, 'User is already a moderator'],
    not: [ErrorCode.UserNotModerator, 'User is not a moderator'],
  },
  leader: {
    permission: 'set-leader',
    already: [ErrorCode.UserAlreadyLeader, 'User is already a leader'],
    not: [ErrorCode.UserNotLeader, 'User is not a leader'],
  },
};

/** Rocket.Chat's `addRoomOwner`, `removeRoomOwner`, `addRoomModerator`, … (room roles on the subscription). */
@Injectable()
export class RoomRolesService {
  constructor(
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly systemMessages: SystemMessages,
    private readonly realtime: RealtimePublisher,
  ) {}

  async setRole(
    actor: Actor,
    selector: RoomSelector,
    target: { userId?: string; username?: string },
    role: RoomRole,
    add: boolean,
  ): Promise<{ ok: true }> {
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: true });
    // The REST routes name the user through `getUserFromParams` before the method runs.
    if (selector.t) await userFromParams(this.users, target);
    const rules = ROLE_RULES[role];
    if (room.t === 'd' || !(await this.access.hasPermission(actor.userId, rules.permission, room._id))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    const user = await this.users.findRoomUserByIdOrUsername(target);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const subscription = await this.subscriptions.findByRoomAndUser(room._id, user._id);
    if (!subscription) throw new DomainError(ErrorCode.UserNotInRoom, 'User is not in this room');

    const holds = subscription.roles?.includes(role) ?? false;
    if (add && holds) throw new DomainError(...rules.already);
    if (!add && !holds) throw new DomainError(...rules.not);
    if (!add && role === 'owner' && (await this.subscriptions.countByRoomAndRole(room._id, 'owner')) === 1) {
      throw new DomainError(ErrorCode.RemoveLastOwner, 'This is the last owner. Please set a new owner before removing this one.');
    }

    const updated = await this.subscriptions.update(room._id, user._id, add ? { $addToSet: { roles: role } } : { $pull: { roles: role } });
    const by = await this.users.findRoomUserById(actor.userId);
    await this.systemMessages.save(
      add ? 'subscription-role-added' : 'subscription-role-removed',
      room,
      user.username,
      toUserRef(by ?? { _id: actor.userId, username: actor.username }),
      { role },
    );
    if (updated) this.realtime.subscriptionChanged('updated', updated);
    this.realtime.userRoleChanged(add ? 'added' : 'removed', role, { _id: user._id, username: user.username }, room._id);
    return { ok: true };
  }
}
