import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const TRASH_MODEL = 'Trash';

/**
 * Rocket.Chat's `rocketchat_trash`: a copy of each deleted message, room or subscription, tagged with its
 * collection and deletion time, so that clients syncing with `updatedSince` learn what was removed, and so
 * that a change-stream reader can tell a deletion's room and user (a delete event carries only the `_id`).
 */
export interface TrashedDocument {
  _id: string;
  __collection__: string;
  _deletedAt: Date;
  _updatedAt: Date;
  [field: string]: unknown;
}

export const TrashSchema = new Schema<TrashedDocument>(
  {
    _id: { type: String, required: true },
    __collection__: { type: String, required: true },
    _deletedAt: { type: Date, required: true },
  },
  collectionOptions('rocketchat_trash'),
);

// Deleted messages of a room since a date (sync), deleted subscriptions of a user since a date.
TrashSchema.index({ __collection__: 1, rid: 1, _deletedAt: 1 });
TrashSchema.index({ __collection__: 1, 'u._id': 1, _deletedAt: 1 });
TrashSchema.index({ __collection__: 1, _deletedAt: 1 });
// Deleted replies of a thread since a date (chat.syncThreadMessages).
TrashSchema.index({ __collection__: 1, tmid: 1, _deletedAt: 1 }, { sparse: true });
