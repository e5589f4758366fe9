import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type IRoom } from '@rc/contracts';
import { SubscriptionsRepository, type RoomUser } from '@rc/models';
import { AccessService } from '../common/access.service.js';

/**
 * Rocket.Chat's `canSendMessage`: the room readable by the sender, not archived, writable when read-only
 * only with `post-readonly` (or when explicitly unmuted), the sender not muted, and a direct message not
 * blocked by either side (`room_is_blocked`).
 */
@Injectable()
export class MessageGuard {
  constructor(
    private readonly access: AccessService,
    private readonly subscriptions: SubscriptionsRepository,
  ) {}

  /** `canAccess` may be given when already asked (the send path asks it alongside its reads). */
  async assertCanPost(
    room: IRoom,
    user: Pick<RoomUser, '_id' | 'username' | 'type'>,
    action: 'send' | 'react' = 'send',
    canAccess?: boolean,
  ): Promise<void> {
    if (user.type !== 'app' && !(canAccess ?? (await this.access.canAccessRoom(user._id, room._id)))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    if (room.archived) throw new DomainError(ErrorCode.RoomArchived, 'Room is archived');
    const unmuted = (room as IRoom & { unmuted?: string[] }).unmuted ?? [];
    const readOnlyApplies = room.ro === true && !(action === 'react' && room.reactWhenReadOnly === true);
    if (
      readOnlyApplies &&
      !unmuted.includes(user.username ?? '') &&
      !(await this.access.hasPermission(user._id, 'post-readonly', room._id))
    ) {
      throw new DomainError(ErrorCode.ReadOnly, "You can't send messages because the room is readonly.");
    }
    if (user.username && room.muted?.includes(user.username)) {
      throw new DomainError(ErrorCode.NotAllowed, 'You have been muted');
    }
    if (room.t === 'd') {
      const subscription = await this.subscriptions.findMembership(room._id, user._id);
      if (subscription?.blocked || subscription?.blocker) throw new DomainError(ErrorCode.RoomIsBlocked, 'room_is_blocked');
    }
  }
}
