import { Injectable, Optional } from '@nestjs/common';
import type { IRoom } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, SubscriptionsRepository, TRASHED, TrashRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AvatarsService } from '../avatars/avatars.service.js';
import { FileRemover } from '../uploads/file-remover.service.js';

const BATCH = 500;

/**
 * Rocket.Chat's `eraseRoom` without its checks: files and the room's avatar (bodies and metadata), messages, subscriptions and the room, each copied to
 * `rocketchat_trash` before it is deleted, then `removed` events to every former member.
 */
@Injectable()
export class RoomEraser {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly messages: MessagesRepository,
    private readonly trash: TrashRepository,
    private readonly realtime: RealtimePublisher,
    /** Absent in the unit specs' world, which has no file storage. */
    @Optional() private readonly files?: FileRemover,
    @Optional() private readonly avatars?: AvatarsService,
  ) {}

  async erase(room: IRoom): Promise<void> {
    await this.files?.removeRoomFiles(room._id);
    await this.avatars?.removeOfRoom(room._id);
    for (;;) {
      const batch = await this.messages.findBatchOfRoom(room._id, BATCH);
      if (batch.length === 0) break;
      await this.trash.put(TRASHED.message, batch);
      await this.messages.deleteByIds(batch.map((m) => m._id));
      if (batch.length < BATCH) break;
    }
    // The room's trash copy first: stream-hub announces deletions in trash order, and members must hear of
    // the room's removal before their subscriptions' (which end their gateways' interest in the room).
    await this.trash.put(TRASHED.room, [room]);
    const subscriptions = await this.subscriptions.findByRoom(room._id);
    await this.trash.put(TRASHED.subscription, subscriptions);
    await this.subscriptions.deleteByRoom(room._id);
    await this.rooms.deleteById(room._id);

    this.realtime.roomChanged('removed', { _id: room._id });
    for (const subscription of subscriptions) this.realtime.subscriptionChanged('removed', subscription);
  }
}
