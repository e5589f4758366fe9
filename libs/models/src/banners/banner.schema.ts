import type { IBanner, IBannerDismiss } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const BANNER_MODEL = 'Banner';
export const BANNER_DISMISS_MODEL = 'BannerDismiss';

export const BannerSchema = new Schema<IBanner>(
  {
    _id: { type: String, required: true },
    platform: { type: [String], required: true },
    startAt: { type: Date, required: true },
    expireAt: { type: Date, required: true },
    roles: { type: [String], default: undefined },
    createdBy: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    view: { type: Schema.Types.Mixed, required: true },
    active: Boolean,
    inactivedAt: Date,
    snapshot: String,
    surface: String,
  },
  collectionOptions('rocketchat_banner'),
);

// A user's banners: platform, then the dates (Rocket.Chat's index), active ones.
BannerSchema.index({ platform: 1, startAt: 1, expireAt: 1, active: 1 });

export const BannerDismissSchema = new Schema<IBannerDismiss>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    bannerId: { type: String, required: true },
    dismissedAt: { type: Date, required: true },
    dismissedBy: { type: Schema.Types.Mixed, required: true },
  },
  collectionOptions('rocketchat_banner_dismiss'),
);

// A user's dismissals among the banners found (Rocket.Chat's index).
BannerDismissSchema.index({ userId: 1, bannerId: 1 });
// discardDismissal moves a banner's dismissals to its snapshot.
BannerDismissSchema.index({ bannerId: 1 });
