import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { TRASH_MODEL, type TrashedDocument } from './trash.schema.js';

/** Rocket.Chat's collection names, as `__collection__` records them. */
export const TRASHED = {
  message: 'rocketchat_message',
  room: 'rocketchat_room',
  subscription: 'rocketchat_subscription',
  emojiCustom: 'rocketchat_custom_emoji',
} as const;
export type TrashedCollection = (typeof TRASHED)[keyof typeof TRASHED];

export interface Removal {
  _id: string;
  _deletedAt: Date;
}

/**
 * `rocketchat_trash`: every deleted message, room and subscription is copied here BEFORE it is deleted, as
 * Rocket.Chat does, so sync (`updatedSince`) can report removals and stream-hub can tell a deletion's room.
 */
@Injectable()
export class TrashRepository {
  constructor(@InjectModel(TRASH_MODEL) private readonly trash: Model<TrashedDocument>) {}

  async put(collection: TrashedCollection, documents: Array<{ _id: string }>, deletedAt = new Date()): Promise<void> {
    if (documents.length === 0) return;
    await this.trash.bulkWrite(
      documents.map((document) => ({
        replaceOne: {
          filter: { _id: document._id },
          replacement: { ...document, __collection__: collection, _deletedAt: deletedAt, _updatedAt: deletedAt },
          upsert: true,
        },
      })),
    );
  }

  /** Custom emoji deleted since a date (`emoji-custom.list`'s `remove`). */
  findEmojisDeletedSince(since: Date): Promise<Removal[]> {
    return this.removals({ __collection__: TRASHED.emojiCustom, _deletedAt: { $gt: since } });
  }

  /** Deleted messages of a room since a date (the `__collection__, rid, _deletedAt` index). */
  findRoomMessagesDeletedSince(rid: string, since: Date): Promise<Removal[]> {
    return this.removals({ __collection__: TRASHED.message, rid, _deletedAt: { $gt: since } });
  }

  /** Deleted thread starters of a room since a date (the `__collection__, rid, _deletedAt` index). */
  findRoomThreadsDeletedSince(rid: string, since: Date): Promise<Removal[]> {
    return this.removals({ __collection__: TRASHED.message, rid, _deletedAt: { $gt: since }, tcount: { $exists: true } });
  }

  /** Deleted replies of a thread since a date (the `__collection__, tmid, _deletedAt` index). */
  findThreadRepliesDeletedSince(tmid: string, since: Date): Promise<Removal[]> {
    return this.removals({ __collection__: TRASHED.message, tmid, _deletedAt: { $gt: since } });
  }

  /** A page of the ids of a room's messages deleted since a date, oldest deletion first. */
  async findRoomMessagesDeletedPage(
    rid: string,
    since: Date,
    page: { skip: number; limit: number },
  ): Promise<{ messages: Array<{ _id: string }>; total: number }> {
    const filter = { __collection__: TRASHED.message, rid, _deletedAt: { $gt: since } };
    const [messages, total] = await Promise.all([
      this.trash.find(filter, { _id: 1 }).sort({ _deletedAt: 1 }).skip(page.skip).limit(page.limit).lean<Array<{ _id: string }>>().exec(),
      this.trash.countDocuments(filter).exec(),
    ]);
    return { messages, total };
  }

  /** A cursor page of a room's deleted messages (`chat.syncMessages` with `type=DELETED`), as `findChangedWindow`. */
  findRoomMessagesDeletedWindow(rid: string, window: { after: Date } | { before: Date }, limit: number): Promise<Removal[]> {
    const ascending = 'after' in window;
    return this.trash
      .find(
        { __collection__: TRASHED.message, rid, _deletedAt: ascending ? { $gt: window.after } : { $lt: window.before } },
        { _id: 1, _deletedAt: 1 },
      )
      .sort({ _deletedAt: ascending ? 1 : -1 })
      .limit(limit)
      .lean<Removal[]>()
      .exec();
  }

  /** A user's subscriptions removed since a date (the `__collection__, u._id, _deletedAt` index). */
  findSubscriptionsDeletedSince(userId: string, since: Date): Promise<Removal[]> {
    return this.removals({ __collection__: TRASHED.subscription, 'u._id': userId, _deletedAt: { $gt: since } });
  }

  /** The rooms whose subscription of a user was removed since a date (the `__collection__, u._id, _deletedAt` index). */
  async findRoomIdsUnsubscribedSince(userId: string, since: Date): Promise<string[]> {
    const rows = await this.trash
      .find({ __collection__: TRASHED.subscription, 'u._id': userId, _deletedAt: { $gt: since } }, { rid: 1 })
      .lean<Array<{ rid?: string }>>()
      .exec();
    return [...new Set(rows.map((row) => row.rid).filter((rid): rid is string => typeof rid === 'string'))];
  }

  /** Some rooms deleted since a date (the `__collection__, _deletedAt` index, then `_id`). */
  findRoomsDeletedSince(since: Date, ids: string[]): Promise<Removal[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.removals({ __collection__: TRASHED.room, _deletedAt: { $gt: since }, _id: { $in: ids } });
  }

  private removals(filter: Record<string, unknown>): Promise<Removal[]> {
    return this.trash.find(filter, { _id: 1, _deletedAt: 1 }).lean<Removal[]>().exec();
  }
}
