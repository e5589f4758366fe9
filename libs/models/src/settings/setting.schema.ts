import type { ISetting } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const SETTING_MODEL = 'Setting';

export const SettingSchema = new Schema<ISetting>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    value: Schema.Types.Mixed,
    packageValue: Schema.Types.Mixed,
    public: { type: Boolean, default: false },
    hidden: Boolean,
    blocked: Boolean,
    group: String,
    section: String,
    i18nLabel: String,
    i18nDescription: String,
    values: { type: Schema.Types.Mixed, default: undefined },
    sorter: Number,
    wizard: { type: Schema.Types.Mixed, default: undefined },
    ts: { type: Date, required: true },
  },
  collectionOptions('rocketchat_settings'),
);

// settings.public: the public settings, by id.
SettingSchema.index({ public: 1, _id: 1 });
