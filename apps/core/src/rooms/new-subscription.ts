import type { IRoom, ISubscription, RoomRole, UserRef } from '@rc/contracts';
import { randomId } from '@rc/models';

/** A member's subscription to a channel or group, as Rocket.Chat's `createWithRoomAndUser`. */
export function newSubscription(
  room: IRoom,
  user: UserRef,
  options: { at: Date; roles?: RoomRole[]; unreadOnJoin?: boolean; seen?: boolean },
): Omit<ISubscription, '_updatedAt'> {
  return {
    _id: randomId(),
    rid: room._id,
    u: { _id: user._id, username: user.username, ...(user.name !== undefined && { name: user.name }) },
    name: room.name ?? '',
    ...(room.fname !== undefined && { fname: room.fname }),
    t: room.t,
    ts: options.at,
    open: true,
    // Someone added to a room sees it highlighted, with one unread mention, as in Rocket.Chat.
    alert: options.unreadOnJoin === true,
    unread: options.unreadOnJoin ? 1 : 0,
    userMentions: options.unreadOnJoin ? 1 : 0,
    groupMentions: 0,
    ...(options.seen && { ls: options.at }),
    ...(options.roles?.length && { roles: options.roles }),
    ...(room.archived && { archived: true }),
    ...(room.teamId && { teamId: room.teamId }),
    ...(room.teamMain && { teamMain: true }),
  };
}

/** The notification preferences a user set (`settings.preferences`) that a new subscription starts with. */
export interface UserNotificationPreferences {
  desktopNotifications?: unknown;
  pushNotifications?: unknown;
  emailNotificationMode?: unknown;
  highlights?: unknown;
}

/**
 * Rocket.Chat's `getDefaultSubscriptionPref`: a new subscription copies the user's own notification choices (those
 * other than `default`), marked as coming from the user.
 */
export function defaultSubscriptionPrefs(preferences: UserNotificationPreferences = {}): Partial<ISubscription> {
  const { desktopNotifications, pushNotifications, emailNotificationMode, highlights } = preferences;
  const isChoice = (value: unknown): value is 'all' | 'mentions' | 'nothing' =>
    value === 'all' || value === 'mentions' || value === 'nothing';
  return {
    ...(Array.isArray(highlights) &&
      highlights.length > 0 && { userHighlights: highlights.filter((h): h is string => typeof h === 'string') }),
    ...(isChoice(desktopNotifications) && { desktopNotifications, desktopPrefOrigin: 'user' as const }),
    ...(isChoice(pushNotifications) && { mobilePushNotifications: pushNotifications, mobilePrefOrigin: 'user' as const }),
    ...(isChoice(emailNotificationMode) && { emailNotifications: emailNotificationMode, emailPrefOrigin: 'user' as const }),
  };
}
