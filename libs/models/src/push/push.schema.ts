import type { IAppsTokens, INotificationQueueItem } from '@rc/contracts';
import { Schema } from 'mongoose';

export const APP_TOKEN_MODEL = 'AppsTokens';
export const NOTIFICATION_QUEUE_MODEL = 'NotificationQueue';

// Rocket.Chat's raix:push collection keeps its own `createdAt`/`updatedAt` (no `_updatedAt`).
export const AppTokenSchema = new Schema<IAppsTokens>(
  {
    _id: { type: String, required: true },
    token: { type: Schema.Types.Mixed, required: true },
    appName: { type: String, required: true },
    userId: { type: String, default: null },
    authToken: String,
    enabled: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    metadata: Schema.Types.Mixed,
  },
  { collection: '_raix_push_app_tokens', versionKey: false, strict: false, minimize: false },
);

// A user's devices (the send path: who of the recipients has any); logout: by the login token that registered them.
AppTokenSchema.index({ userId: 1 });
AppTokenSchema.index({ authToken: 1 }, { sparse: true });
// A token value (push.token DELETE, a provider's invalid-token answer, duplicates on registration).
AppTokenSchema.index({ 'token.apn': 1 }, { sparse: true });
AppTokenSchema.index({ 'token.gcm': 1 }, { sparse: true });

export const NotificationQueueSchema = new Schema<INotificationQueueItem>(
  {
    _id: { type: String, required: true },
    uid: { type: String, required: true },
    rid: { type: String, required: true },
    mid: { type: String, required: true },
    ts: { type: Date, required: true },
    schedule: { type: Date, required: true },
    sending: Date,
    items: { type: Schema.Types.Mixed, required: true },
    attempts: Number,
    error: String,
  },
  { collection: 'rocketchat_notification_queue', versionKey: false, strict: false, minimize: false },
);

// The worker's claim: the item due first (schedule ≤ now; a claim moves it to the claim's expiry).
NotificationQueueSchema.index({ schedule: 1 });
// A user's items (clearScheduleByUserId when the user reads).
NotificationQueueSchema.index({ uid: 1 });
