import type { IPermission } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const PERMISSION_MODEL = 'Permission';

export const PermissionSchema = new Schema<IPermission>(
  {
    _id: { type: String, required: true },
    roles: { type: [String], default: [] },
    group: String,
    level: String,
    section: String,
    settingId: String,
    sorter: Number,
  },
  collectionOptions('rocketchat_permissions'),
);

// Removing a deleted role from every permission.
PermissionSchema.index({ roles: 1 });
// permissions.listAll with updatedSince.
PermissionSchema.index({ _updatedAt: 1 });
