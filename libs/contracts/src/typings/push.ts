/** A device's push token: `{apn}` (iOS) or `{gcm}` (Android, FCM). */
export type PushToken = { apn: string } | { gcm: string };

/** Rocket.Chat's `_raix_push_app_tokens` document: one per device (its `_id` is the device id the app keeps). */
export interface IAppsTokens {
  _id: string;
  token: PushToken;
  /** The app's bundle id (`chat.rocket.reactnative`): the APNs topic. */
  appName: string;
  userId: string | null;
  /** SHA-256 (base64) of the login token that registered it: logging out with that token removes it. */
  authToken?: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  metadata?: Record<string, unknown>;
}

/** Rocket.Chat's `IPushNotificationConfig`: one notification to all of a user's devices. */
export interface PushNotificationConfig {
  from: string;
  title: string;
  text: string;
  badge?: number;
  sound?: string;
  priority?: number;
  notId?: number;
  userId: string;
  payload?: Record<string, unknown>;
  contentAvailable?: 0 | 1;
  apn?: { category?: string };
  gcm?: { style?: string; image?: string };
}

/** What `getPushData` computes for one recipient when the message is sent (stored in the queue item). */
export interface PushItemData {
  payload: Record<string, unknown>;
  roomName: string;
  username: string;
  message: string;
  badge?: number;
  category: string;
}

/** An offline e-mail notification, ready to send. */
export interface EmailItemData {
  to: string;
  subject: string;
  html?: string;
  text: string;
}

/** Rocket.Chat's `rocketchat_notification_queue` document (`INotification`). */
export interface INotificationQueueItem {
  _id: string;
  uid: string;
  rid: string;
  mid: string;
  ts: Date;
  /** Due at (now, or later for online users by the schedule delay; retries: the backoff; while claimed: the claim's expiry). */
  schedule: Date;
  /** Claimed by a worker at this time; the claim ends at `schedule`, then another worker may take the item. */
  sending?: Date;
  /** A push to the user's devices and/or an offline e-mail (built when queued, as Rocket.Chat's `getEmailData`). */
  items: Array<{ type: 'push'; data: PushItemData } | { type: 'email'; data: EmailItemData }>;
  /** Failed attempts so far, and the last error. */
  /** Devices (token ids) already served: a retry skips them. */
  delivered?: string[];
  attempts?: number;
  error?: string;
}
