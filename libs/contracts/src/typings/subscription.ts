import type { RoomType } from './room.js';
import type { UserRef } from './user.js';

/** Room roles held through a subscription. */
export type RoomRole = 'owner' | 'moderator' | 'leader';

/** Rocket.Chat's subscription document (`rocketchat_subscription`): one per member of a room. */
export interface ISubscription {
  _id: string;
  rid: string;
  u: UserRef;
  /** The room's name; for a direct message, the other user's username. */
  name: string;
  fname?: string;
  /** A discussion's parent room. */
  prid?: string;
  t: RoomType;
  ts: Date;
  _updatedAt: Date;
  /** Last seen: messages after it are unread. */
  ls?: Date;
  lr?: Date;
  open: boolean;
  alert: boolean;
  unread: number;
  userMentions: number;
  groupMentions: number;
  tunread?: string[];
  tunreadUser?: string[];
  tunreadGroup?: string[];
  roles?: RoomRole[];
  f?: boolean;
  archived?: boolean;
  /** A direct message the user blocked (`blocker`), or was blocked in by the other (`blocked`). */
  blocker?: boolean;
  blocked?: boolean;
  teamId?: string;
  teamMain?: boolean;
  customFields?: Record<string, unknown>;
  // Notification preferences (rooms.saveNotification / saveNotificationSettings); absent: the user's or the server's default.
  desktopNotifications?: NotificationPreference;
  mobilePushNotifications?: NotificationPreference;
  emailNotifications?: NotificationPreference;
  /** Where each preference came from: `subscription` (set on the room) or `user` (copied from the user's preferences). */
  desktopPrefOrigin?: 'subscription' | 'user';
  mobilePrefOrigin?: 'subscription' | 'user';
  emailPrefOrigin?: 'subscription' | 'user';
  unreadAlert?: 'default' | 'all' | 'mentions' | 'nothing';
  disableNotifications?: boolean;
  hideUnreadStatus?: boolean;
  hideMentionStatus?: boolean;
  muteGroupMentions?: boolean;
  audioNotificationValue?: string;
  desktopNotificationDuration?: number;
  /** Users whose messages the member ignores. */
  ignored?: string[];
  userHighlights?: string[];
}

/** A notification preference of a subscription or a user: Rocket.Chat's values. */
export type NotificationPreference = 'all' | 'mentions' | 'nothing';
