import type { IAvatar } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const AVATAR_MODEL = 'Avatar';

/** Rocket.Chat's `rocketchat_avatars`: the metadata of user and room avatars; bodies in the file storage. */
export const AvatarSchema = new Schema<IAvatar>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    size: { type: Number, required: true },
    store: { type: String, required: true },
    etag: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  collectionOptions('rocketchat_avatars'),
);

// `GET /avatar/:username` (Rocket.Chat's `findOneByName`).
AvatarSchema.index({ name: 1 }, { sparse: true });
// A user's avatars, replaced by a new one or removed by a reset.
AvatarSchema.index({ userId: 1 }, { sparse: true });
// `GET /avatar/room/:rid` and a room's avatar changes.
AvatarSchema.index({ rid: 1 }, { sparse: true });
