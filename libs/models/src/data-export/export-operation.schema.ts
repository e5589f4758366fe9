import type { IExportOperation, IUserDataFile } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const EXPORT_OPERATION_MODEL = 'ExportOperation';
export const USER_DATA_FILE_MODEL = 'UserDataFile';

/** Rocket.Chat's `rocketchat_export_operations`: one user data export, from its request to its zip. */
export const ExportOperationSchema = new Schema<IExportOperation>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    fullExport: { type: Boolean, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  collectionOptions('rocketchat_export_operations'),
);

// A user's last export of a kind (the 24-hour answer), Rocket.Chat's index.
ExportOperationSchema.index({ userId: 1, fullExport: 1, createdAt: -1 });
// The oldest unfinished operation (the job's next one) and those before a request.
ExportOperationSchema.index({ status: 1, createdAt: 1 });

/** Rocket.Chat's `rocketchat_user_data_files`: the zips of finished exports (bodies in the file storage). */
export const UserDataFileSchema = new Schema<IUserDataFile>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    name: { type: String, required: true },
    size: { type: Number, required: true },
    type: { type: String, required: true },
    store: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  collectionOptions('rocketchat_user_data_files'),
);

UserDataFileSchema.index({ userId: 1, uploadedAt: -1 });
