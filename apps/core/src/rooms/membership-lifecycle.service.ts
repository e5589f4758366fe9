import { Injectable } from '@nestjs/common';
import { RoomsStore, SubscriptionsStore, TeamMembersRepository, TRASHED, TrashRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { RoomEraser } from './room-eraser.service.js';
import { RoomMembershipService } from './room-membership.service.js';

/** What the accounts service asks of rooms when a user is created or deleted. */
@Injectable()
export class MembershipLifecycleService {
  constructor(
    private readonly membership: RoomMembershipService,
    private readonly rooms: RoomsStore,
    private readonly subscriptions: SubscriptionsStore,
    private readonly teamMembers: TeamMembersRepository,
    private readonly trash: TrashRepository,
    private readonly eraser: RoomEraser,
    private readonly realtime: RealtimePublisher,
  ) {}

  joinDefaultRooms(userId: string): Promise<string[]> {
    return this.membership.joinDefaultRooms(userId);
  }

  /**
   * A deleted user leaves every room, as Rocket.Chat's `deleteUser`: their direct messages are erased, their
   * other subscriptions removed (copied to the trash first) and the rooms' member counts lowered.
   */
  async removeUserEverywhere(userId: string): Promise<number> {
    const subscriptions = await this.subscriptions.findByUser(userId);
    for (const subscription of subscriptions) {
      const room = await this.rooms.findById(subscription.rid);
      if (room?.t === 'd') {
        await this.eraser.erase(room);
        continue;
      }
      await this.trash.put(TRASHED.subscription, [subscription]);
      await this.subscriptions.deleteOne(subscription.rid, userId);
      if (room) await this.rooms.incUsersCount(room._id, -1);
      this.realtime.subscriptionChanged('removed', subscription);
    }
    await this.teamMembers.deleteByUser(userId);
    return subscriptions.length;
  }
}
