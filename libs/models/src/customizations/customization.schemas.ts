import type { ICustomSound, ICustomUserStatus } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const CUSTOM_USER_STATUS_MODEL = 'CustomUserStatus';
export const CUSTOM_SOUND_MODEL = 'CustomSound';

export const CustomUserStatusSchema = new Schema<ICustomUserStatus>(
  { _id: { type: String, required: true }, name: { type: String, required: true }, statusType: String },
  collectionOptions('rocketchat_custom_user_status'),
);
// custom-user-status.list's default order and insertOrUpdateUserStatus's name check.
CustomUserStatusSchema.index({ name: 1 });

export const CustomSoundSchema = new Schema<ICustomSound>(
  { _id: { type: String, required: true }, name: { type: String, required: true }, extension: String },
  collectionOptions('rocketchat_custom_sounds'),
);
