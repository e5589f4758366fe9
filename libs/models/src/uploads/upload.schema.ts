import type { IUpload } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const UPLOAD_MODEL = 'Upload';

/** Rocket.Chat's `rocketchat_uploads`: one document per stored body (an upload, a thumbnail). */
export const UploadSchema = new Schema<IUpload>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    size: { type: Number, required: true },
    type: { type: String, required: true },
    rid: { type: String, required: true },
    userId: { type: String, required: true },
    store: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  collectionOptions('rocketchat_uploads'),
);

// A room's files, newest first (channels.files, rooms.images, a room's deletion).
UploadSchema.index({ rid: 1, uploadedAt: -1 });
// A thumbnail's original (removed together).
UploadSchema.index({ originalFileId: 1 }, { sparse: true });
// Temporary uploads past their expiry (rooms.media never confirmed).
UploadSchema.index({ expiresAt: 1 }, { sparse: true });
