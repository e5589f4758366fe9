import type { ISubscription, NotificationPreference, RoomType, UserStatus } from '@rc/contracts';
import {
  allMessageNotificationsDisabled,
  recipientsWhere,
  type MemberFacts,
  type MessageFacts,
  type Recipient,
} from '../../push/push-rules.js';

/** The settings the desktop rules read (Rocket.Chat's ids). */
export interface DesktopRuleSettings {
  Troubleshoot_Disable_Notifications: boolean;
  Accounts_Default_User_Preferences_desktopNotifications: NotificationPreference;
  Notifications_Max_Room_Members: number;
}

/** A member as the rules see them: the room's subscription with its desktop choice (the user's own merged in). */
export type DesktopRecipient = Recipient & Pick<ISubscription, 'desktopNotifications'>;

/** A member's presence: the connection (offline: no client to show it) and the chosen status (busy: none). */
export interface DesktopPresence {
  status?: UserStatus;
  statusConnection?: UserStatus;
}

/**
 * Rocket.Chat's `shouldNotifyDesktop`: never to an offline or busy member or one who chose `nothing`; without a
 * choice, the server's default (`all`: every message but thread replies the member does not follow); else direct
 * messages, `@all`/`@here` (not in rooms over the member limit), highlights, mentions and an `all` choice.
 */
export function shouldNotifyDesktop(
  settings: DesktopRuleSettings,
  r: MemberFacts &
    DesktopPresence & {
      disableAllMessageNotifications: boolean;
      desktopNotifications: NotificationPreference | undefined;
      hasMentionToAll: boolean;
      hasMentionToHere: boolean;
      roomType: RoomType;
      isThread: boolean;
    },
): boolean {
  if (r.disableAllMessageNotifications && !r.desktopNotifications && !r.isHighlighted && !r.hasMentionToUser && !r.hasReplyToThread) {
    return false;
  }
  if ((r.statusConnection ?? 'offline') === 'offline' || r.status === 'busy' || r.desktopNotifications === 'nothing') return false;
  if (!r.desktopNotifications) {
    const serverDefault = settings.Accounts_Default_User_Preferences_desktopNotifications;
    if (serverDefault === 'all' && (!r.isThread || r.hasReplyToThread)) return true;
    if (serverDefault === 'nothing') return false;
  }
  return (
    (r.roomType === 'd' ||
      (!r.disableAllMessageNotifications && (r.hasMentionToAll || r.hasMentionToHere)) ||
      r.isHighlighted ||
      r.desktopNotifications === 'all' ||
      r.hasMentionToUser) &&
    (r.isHighlighted || !r.isThread || r.hasReplyToThread)
  );
}

/**
 * Who of the room's members gets a desktop notification for a message (Rocket.Chat's `sendMessageNotifications`,
 * desktop part). `presence` holds the connected members; without it every member counts as online (the members who
 * may be notified, before their presence is read).
 */
export function desktopRecipients(
  settings: DesktopRuleSettings,
  message: MessageFacts,
  subscriptions: DesktopRecipient[],
  presence?: ReadonlyMap<string, DesktopPresence>,
): string[] {
  if (settings.Troubleshoot_Disable_Notifications) return [];
  const disableAllMessageNotifications = allMessageNotificationsDisabled(settings.Notifications_Max_Room_Members, message.roomMembersCount);
  const everyoneOnline = { status: 'online' as const, statusConnection: 'online' as const };
  return recipientsWhere(message, subscriptions, (subscription, facts) => {
    // The two fields only: a presence entry may be a whole user document, too dear to copy per member.
    const { status, statusConnection } = (presence ? presence.get(subscription.u._id) : everyoneOnline) ?? {};
    return shouldNotifyDesktop(settings, {
      ...facts,
      status,
      statusConnection,
      disableAllMessageNotifications,
      desktopNotifications: subscription.desktopNotifications,
      hasMentionToAll: message.toAll,
      hasMentionToHere: message.toHere,
      roomType: message.roomType,
      isThread: message.isThread,
    });
  });
}
