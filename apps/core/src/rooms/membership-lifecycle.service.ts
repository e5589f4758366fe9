import { Injectable, Optional } from '@nestjs/common';
import type { MessageErasure } from '@rc/contracts';
import {
  MessagesRepository,
  RoomsRepository,
  UsersRepository,
  SubscriptionsRepository,
  TeamMembersRepository,
  TRASHED,
  TrashRepository,
} from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { AvatarsService } from '../avatars/avatars.service.js';
import { RoomEraser } from './room-eraser.service.js';
import { RoomMembershipService } from './room-membership.service.js';

/** Who takes a deleted user's messages over when they are unlinked (Rocket.Chat's bot), and the alias shown. */
const HEIR_ID = 'rocket.cat';
const REMOVED_USER_ALIAS = 'Removed User';

/** What the accounts service asks of rooms when a user is created or deleted. */
@Injectable()
export class MembershipLifecycleService {
  constructor(
    private readonly membership: RoomMembershipService,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly messages: MessagesRepository,
    private readonly users: UsersRepository,
    private readonly teamMembers: TeamMembersRepository,
    private readonly trash: TrashRepository,
    private readonly eraser: RoomEraser,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
    /** Absent in the unit specs' world, which has no file storage. */
    @Optional() private readonly avatars?: AvatarsService,
  ) {}

  joinDefaultRooms(userId: string): Promise<string[]> {
    return this.membership.joinDefaultRooms(userId);
  }

  /**
   * A deleted user leaves every room, as Rocket.Chat's `deleteUser`: their direct messages are erased, their
   * other subscriptions removed (copied to the trash first) and the rooms' member counts lowered; their
   * messages elsewhere are erased as `Message_ErasureType` says.
   */
  async removeUserEverywhere(userId: string): Promise<{ left: number; messages: MessageErasure }> {
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
    await this.avatars?.removeOfUser(userId);
    return { left: subscriptions.length, messages: await this.eraseMessages(userId) };
  }

  /**
   * `Delete` (the default): the user's messages go; `Unlink`: they are reassigned to rocket.cat under the alias
   * "Removed User" (kept as they are when there is no rocket.cat, as in Rocket.Chat); `Keep`: nothing changes.
   * One bulk write on the `u._id` index either way.
   */
  private async eraseMessages(userId: string): Promise<MessageErasure> {
    switch (this.settings.get<string>('Message_ErasureType')) {
      case 'Delete':
        await this.messages.deleteByAuthor(userId);
        return { messageErasureType: 'Delete' };
      case 'Unlink': {
        const heir = await this.users.findRoomUserById(HEIR_ID);
        if (!heir?.username) return { messageErasureType: 'Keep' };
        await this.messages.reassignAuthor(userId, { _id: heir._id, username: heir.username }, REMOVED_USER_ALIAS);
        return { messageErasureType: 'Unlink', replaceByUser: { _id: heir._id, username: heir.username, alias: REMOVED_USER_ALIAS } };
      }
      default:
        return { messageErasureType: 'Keep' };
    }
  }
}
