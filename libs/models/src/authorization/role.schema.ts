import type { IRole } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const ROLE_MODEL = 'Role';

export const RoleSchema = new Schema<IRole>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    protected: { type: Boolean, default: false },
    scope: { type: String, required: true },
    mandatory2fa: Boolean,
  },
  collectionOptions('rocketchat_roles'),
);

// roles.create refuses a second role of the same name; lookups by name (custom roles have random ids).
RoleSchema.index({ name: 1 }, { unique: true });
