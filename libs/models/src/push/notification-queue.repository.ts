import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { INotificationQueueItem } from '@rc/contracts';
import type { Model } from 'mongoose';
import { NOTIFICATION_QUEUE_MODEL } from './push.schema.js';

/** `rocketchat_notification_queue`, worked by every core instance. */
@Injectable()
export class NotificationQueueRepository {
  constructor(@InjectModel(NOTIFICATION_QUEUE_MODEL) private readonly queue: Model<INotificationQueueItem>) {}

  async insertMany(items: INotificationQueueItem[]): Promise<void> {
    if (items.length) await this.queue.collection.insertMany(items as never[], { ordered: false });
  }

  /**
   * Claims the item due first: `schedule` ≤ now. The claim sets `sending` and moves `schedule` to the claim's
   * expiry, so the item is invisible to other workers until then (one indexed range query, one atomic
   * findOneAndUpdate: two workers never hold it); a dead worker's item becomes due again when its claim expires.
   */
  claimNext(now: Date, lockMs: number): Promise<INotificationQueueItem | null> {
    return this.queue
      .findOneAndUpdate(
        { schedule: { $lte: now } },
        { $set: { sending: now, schedule: new Date(now.getTime() + lockMs) } },
        { sort: { schedule: 1 }, returnDocument: 'after' },
      )
      .lean<INotificationQueueItem>()
      .exec();
  }

  /** Done: removed only by the worker holding the claim. */
  async removeClaimed(id: string, sending: Date): Promise<boolean> {
    return (await this.queue.deleteOne({ _id: id, sending }).exec()).deletedCount > 0;
  }

  /** A device served: a retry of the item skips it. */
  async markDelivered(id: string, sending: Date, tokenId: string): Promise<void> {
    await this.queue.updateOne({ _id: id, sending }, { $addToSet: { delivered: tokenId } }).exec();
  }

  /** A failed attempt: released for a retry at `retryAt`. */
  async release(id: string, sending: Date, retryAt: Date, attempts: number, error: string): Promise<void> {
    await this.queue.updateOne({ _id: id, sending }, { $set: { schedule: retryAt, attempts, error }, $unset: { sending: 1 } }).exec();
  }

  /** Rocket.Chat's `clearScheduleByUserId`: once one of the user's items goes, the others go too (no more waiting). */
  async clearScheduleByUser(uid: string, now: Date): Promise<number> {
    return (
      await this.queue
        .updateMany({ uid, schedule: { $gt: now }, sending: { $exists: false }, attempts: { $exists: false } }, { $set: { schedule: now } })
        .exec()
    ).modifiedCount;
  }

  /** The user read the room: its items not yet claimed are dropped (Rocket.Chat clears the user's queue on read). */
  async removeWaitingOfRoom(uid: string, rid: string): Promise<number> {
    return (await this.queue.deleteMany({ uid, rid, sending: { $exists: false } }).exec()).deletedCount;
  }

  count(filter: Record<string, unknown> = {}): Promise<number> {
    return this.queue.countDocuments(filter).exec();
  }
}
