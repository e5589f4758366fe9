import type { ICustomSound, ICustomUserStatus, IEmojiCustom } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const CUSTOM_USER_STATUS_MODEL = 'CustomUserStatus';
export const CUSTOM_SOUND_MODEL = 'CustomSound';
export const EMOJI_CUSTOM_MODEL = 'EmojiCustom';

export const CustomUserStatusSchema = new Schema<ICustomUserStatus>(
  { _id: { type: String, required: true }, name: { type: String, required: true }, statusType: String },
  collectionOptions('rocketchat_custom_user_status'),
);
// custom-user-status.list's default order and insertOrUpdateUserStatus's name check.
CustomUserStatusSchema.index({ name: 1 });

export const CustomSoundSchema = new Schema<ICustomSound>(
  { _id: { type: String, required: true }, name: { type: String, required: true }, extension: String, size: Number },
  collectionOptions('rocketchat_custom_sounds'),
);

export const EmojiCustomSchema = new Schema<IEmojiCustom>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    aliases: { type: [String], default: [] },
    extension: String,
    etag: String,
  },
  collectionOptions('rocketchat_custom_emoji'),
);
// Rocket.Chat's indexes: name and aliases are looked up on every save and every `/emoji-custom/:name`.
EmojiCustomSchema.index({ name: 1 });
EmojiCustomSchema.index({ aliases: 1 });
EmojiCustomSchema.index({ _updatedAt: 1 });
