import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type RoomOwnershipsRelinquished } from '@rc/contracts';
import { RoomsRepository, SubscriptionsRepository, UsersRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { RoomEraser } from './room-eraser.service.js';

/** What becomes of one room when its member leaves for good (Rocket.Chat's `SubscribedRoomsForUserWithDetails`). */
interface RoomFate {
  rid: string;
  /** The oldest other active member, who becomes an owner: the user was the room's only owner. */
  newOwner?: string;
  /** Nobody is left to own the private room (or the user is its only member): it is erased. */
  remove: boolean;
}

/**
 * Rocket.Chat's `getSubscribedRoomsForUserWithDetails` + `relinquishRoomOwnerships`, for a user about to be
 * deactivated: in every room but direct messages, live chats and calls, where the user is the only owner the oldest other
 * active member becomes an owner; a private room with no such member, or with the user as its only member, is
 * erased. Without `confirm` nothing changes while such rooms exist: `user-last-owner` (reason empty, as Rocket.Chat's
 * `Meteor.Error('user-last-owner', '', rooms)`) with their names in `details.shouldChangeOwner` / `shouldBeRemoved`.
 */
@Injectable()
export class OwnershipRelinquisher {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly eraser: RoomEraser,
    private readonly realtime: RealtimePublisher,
  ) {}

  async relinquish(userId: string, confirm: boolean): Promise<RoomOwnershipsRelinquished> {
    const fates = (await this.fatesOf(userId)).filter((fate) => fate.newOwner !== undefined || fate.remove);
    const rooms = new Map((await this.rooms.findByIds(fates.map((fate) => fate.rid))).map((room) => [room._id, room]));
    const nameOf = (rid: string) => rooms.get(rid)?.fname ?? rooms.get(rid)?.name ?? rid;
    const answer: RoomOwnershipsRelinquished = {
      shouldChangeOwner: fates.filter((fate) => fate.newOwner !== undefined).map((fate) => nameOf(fate.rid)),
      shouldBeRemoved: fates.filter((fate) => fate.remove).map((fate) => nameOf(fate.rid)),
    };
    if (!fates.length) return answer;
    if (!confirm) throw new DomainError(ErrorCode.UserLastOwner, '', { ...answer });

    for (const { rid, newOwner } of fates) {
      if (newOwner === undefined) continue;
      const updated = await this.subscriptions.update(rid, newOwner, { $addToSet: { roles: 'owner' } });
      if (!updated) continue;
      this.realtime.subscriptionChanged('updated', updated);
      this.realtime.userRoleChanged('added', 'owner', { _id: newOwner, username: updated.u.username }, rid);
    }
    for (const { rid, remove } of fates) {
      const room = rooms.get(rid);
      if (remove && room) await this.eraser.erase(room);
    }
    return answer;
  }

  private async fatesOf(userId: string): Promise<RoomFate[]> {
    const fates: RoomFate[] = [];
    for (const subscription of await this.subscriptions.findByUser(userId)) {
      // Channels and private groups only: direct messages are not owned; live chats (Rocket.Chat closes them
      // instead) and VoIP calls belong to their apps.
      const { rid, t } = subscription as { rid: string; t: string };
      if (t !== 'c' && t !== 'p') continue;
      if (!subscription.roles?.includes('owner')) {
        fates.push({ rid, remove: t !== 'c' && (await this.subscriptions.findByRoom(rid)).length === 1 });
        continue;
      }
      if ((await this.subscriptions.countByRoomAndRole(rid, 'owner')) !== 1) {
        fates.push({ rid, remove: false });
        continue;
      }
      const newOwner = await this.oldestOtherActiveMember(rid, userId);
      fates.push({ rid, newOwner, remove: newOwner === undefined && t !== 'c' });
    }
    return fates;
  }

  /** The member who joined first, the leaving user and deactivated users aside. */
  private async oldestOtherActiveMember(rid: string, userId: string): Promise<string | undefined> {
    const others = (await this.subscriptions.findByRoom(rid))
      .filter((member) => member.u._id !== userId)
      .sort((a, b) => new Date(a.ts).getTime() - new Date(b.ts).getTime());
    const active = new Set(
      (await this.users.findRoomUsersByIds(others.map((member) => member.u._id)))
        .filter((user) => user.active !== false)
        .map((user) => user._id),
    );
    return others.find((member) => active.has(member.u._id))?.u._id;
  }
}
