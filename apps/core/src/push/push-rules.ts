import type { ISubscription, NotificationPreference, RoomType, UserStatus } from '@rc/contracts';

/** The settings the rules read (Rocket.Chat's ids). */
export interface PushRuleSettings {
  Push_enable: boolean;
  Troubleshoot_Disable_Notifications: boolean;
  Accounts_Default_User_Preferences_pushNotifications: NotificationPreference;
  Notifications_Max_Room_Members: number;
}

/** What the rules need to know of a message. */
export interface MessageFacts {
  senderId: string;
  msg: string;
  roomType: RoomType;
  /** Users mentioned by name (not `all` / `here`). */
  mentionIds: string[];
  toAll: boolean;
  toHere: boolean;
  /** A reply shown only in its thread (`tmid` without `tshow`). */
  isThread: boolean;
  /** The thread's followers, when a reply. */
  threadFollowers: string[];
  roomMembersCount: number;
}

export type Recipient = Pick<
  ISubscription,
  'u' | 'mobilePushNotifications' | 'disableNotifications' | 'muteGroupMentions' | 'ignored' | 'userHighlights'
>;

/** Rocket.Chat's `messageContainsHighlight`: one of the member's highlight words, as a whole word, any case. */
export function containsHighlight(msg: string, highlights: string[] | undefined): boolean {
  return (highlights ?? []).some((word) => {
    const trimmed = word.trim();
    if (!trimmed) return false;
    const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|\\b|[\\s\\n\\r\\t.,،'"+!?:-])${escaped}($|\\b|[\\s\\n\\r\\t.,،'"+!?:-])`, 'im').test(msg);
  });
}

/**
 * Rocket.Chat's `shouldNotifyMobile`: the subscription's `mobilePushNotifications` (`all` / `mentions` /
 * `nothing`), else the server's default preference; direct messages, `@all`, a highlight or a mention notify
 * unless the member chose `nothing`; a thread reply only reaches its followers and those mentioned.
 */
export function shouldNotifyMobile(
  settings: PushRuleSettings,
  r: {
    disableAllMessageNotifications: boolean;
    mobilePushNotifications: NotificationPreference | undefined;
    hasMentionToAll: boolean;
    isHighlighted: boolean;
    hasMentionToUser: boolean;
    hasReplyToThread: boolean;
    roomType: RoomType;
    isThread: boolean;
  },
): boolean {
  if (!settings.Push_enable) return false;
  if (
    r.disableAllMessageNotifications &&
    r.mobilePushNotifications == null &&
    !r.isHighlighted &&
    !r.hasMentionToUser &&
    !r.hasReplyToThread
  ) {
    return false;
  }
  if (r.mobilePushNotifications === 'nothing') return false;
  if (!r.mobilePushNotifications) {
    const serverDefault = settings.Accounts_Default_User_Preferences_pushNotifications;
    if (serverDefault === 'all' && (!r.isThread || r.hasReplyToThread)) return true;
    if (serverDefault === 'nothing') return false;
  }
  return (
    (r.roomType === 'd' ||
      (!r.disableAllMessageNotifications && r.hasMentionToAll) ||
      r.isHighlighted ||
      r.mobilePushNotifications === 'all' ||
      r.hasMentionToUser) &&
    (r.isHighlighted || !r.isThread || r.hasReplyToThread)
  );
}

/** What a member's notification rules read of a message (mobile and desktop alike). */
export interface MemberFacts {
  hasMentionToUser: boolean;
  hasReplyToThread: boolean;
  isHighlighted: boolean;
}

/**
 * A member's facts for a message, or null when they get no notification of it of any kind (Rocket.Chat's
 * `sendNotification`): the sender, a member who disabled the room's notifications, ignores the sender, or muted group
 * mentions when only `@all`/`@here` names them.
 */
export function memberFacts(message: MessageFacts, subscription: Recipient): MemberFacts | null {
  const uid = subscription.u._id;
  if (uid === message.senderId || subscription.disableNotifications === true) return null;
  if (subscription.ignored?.includes(message.senderId)) return null;
  const hasMentionToUser = message.mentionIds.includes(uid);
  // Rocket.Chat makes a user mentioned in a thread one of its followers.
  const hasReplyToThread = message.isThread && (message.threadFollowers.includes(uid) || hasMentionToUser);
  if (!hasMentionToUser && !hasReplyToThread && subscription.muteGroupMentions && (message.toAll || message.toHere)) return null;
  return { hasMentionToUser, hasReplyToThread, isHighlighted: containsHighlight(message.msg, subscription.userHighlights) };
}

/** The members `notifies` picks among those `memberFacts` lets through, in the subscriptions' order. */
export function recipientsWhere<T extends Recipient>(
  message: MessageFacts,
  subscriptions: T[],
  notifies: (subscription: T, facts: MemberFacts) => boolean,
): string[] {
  return subscriptions.flatMap((subscription) => {
    const facts = memberFacts(message, subscription);
    return facts && notifies(subscription, facts) ? [subscription.u._id] : [];
  });
}

/** Rooms over `Notifications_Max_Room_Members` (0: no limit) only notify mentions, highlights and explicit choices. */
export function allMessageNotificationsDisabled(maxRoomMembers: number, roomMembersCount: number): boolean {
  return maxRoomMembers !== 0 && roomMembersCount > maxRoomMembers;
}

/**
 * Who of the room's members gets a push for a message (Rocket.Chat's `sendMessageNotifications` +
 * `sendNotification`, mobile part): `memberFacts`, then `shouldNotifyMobile`.
 */
export function pushRecipients(settings: PushRuleSettings, message: MessageFacts, subscriptions: Recipient[]): string[] {
  if (settings.Troubleshoot_Disable_Notifications || !settings.Push_enable) return [];
  const disableAllMessageNotifications = allMessageNotificationsDisabled(settings.Notifications_Max_Room_Members, message.roomMembersCount);
  return recipientsWhere(message, subscriptions, (subscription, facts) =>
    shouldNotifyMobile(settings, {
      ...facts,
      disableAllMessageNotifications,
      mobilePushNotifications: subscription.mobilePushNotifications,
      hasMentionToAll: message.toAll,
      roomType: message.roomType,
      isThread: message.isThread,
    }),
  );
}

/**
 * When a recipient's push may go (Rocket.Chat's `NOTIFICATIONS_SCHEDULE_DELAY_<STATUS>` seconds, by the
 * connection status): `null` never (a negative delay), `undefined` at once, else the date.
 */
export function scheduleFor(
  statusConnection: UserStatus | undefined,
  delays: Record<'online' | 'away' | 'offline', number>,
  now: Date,
): Date | undefined | null {
  const status = statusConnection === 'online' || statusConnection === 'away' ? statusConnection : 'offline';
  const delay = delays[status];
  if (delay < 0) return null;
  if (delay === 0) return undefined;
  return new Date(now.getTime() + delay * 1000);
}
