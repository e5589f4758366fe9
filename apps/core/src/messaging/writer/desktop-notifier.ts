import { Injectable, Logger } from '@nestjs/common';
import type { IMessage, IRoom, ISubscription, NotificationPreference, UserRef } from '@rc/contracts';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { allMessageNotificationsDisabled, type MessageFacts } from '../../push/push-rules.js';
import { DesktopReceiverCache } from './desktop-receiver-cache.js';
import { desktopRecipients, type DesktopRecipient, type DesktopRuleSettings } from './desktop-rules.js';

/**
 * Rocket.Chat's desktop notification (`notifyDesktopUser`): `stream-notify-user` `<uid>/notification` with the
 * payload its clients render, for the members Rocket.Chat's rules pick (`desktop-rules.ts`): by default every
 * connected, not busy member of a room up to `Notifications_Max_Room_Members`, for every message. One NATS message
 * lists a message's recipients (`notifyUsers`); each gateway delivers it to the recipients whose sockets it holds.
 */
@Injectable()
export class DesktopNotifier {
  private readonly logger = new Logger(DesktopNotifier.name);

  constructor(
    private readonly realtime: RealtimePublisher,
    private readonly receivers: DesktopReceiverCache,
    private readonly settings: SettingsCache,
  ) {}

  /** Never fails: a failure is logged, never the member work's. */
  async onMessage(message: IMessage, room: IRoom, subscriptions: ISubscription[], facts: MessageFacts): Promise<void> {
    await this.notifyMembers(message, room, subscriptions, facts).catch((error: Error) =>
      this.logger.error(`desktop notifications of message ${message._id} not sent: ${error.message}`),
    );
  }

  /** Picks the recipients (their presence looked up only when the rules may pick someone) and notifies them. */
  async notifyMembers(message: IMessage, room: IRoom, subscriptions: ISubscription[], facts: MessageFacts): Promise<string[]> {
    const settings: DesktopRuleSettings = {
      Troubleshoot_Disable_Notifications: this.settings.get<boolean>('Troubleshoot_Disable_Notifications'),
      Accounts_Default_User_Preferences_desktopNotifications: this.settings.get<NotificationPreference>(
        'Accounts_Default_User_Preferences_desktopNotifications',
      ),
      Notifications_Max_Room_Members: this.settings.get<number>('Notifications_Max_Room_Members'),
    };
    const largeRoom = allMessageNotificationsDisabled(settings.Notifications_Max_Room_Members, facts.roomMembersCount);
    // In a large room only the room's own choice counts (Rocket.Chat leaves out choices copied from the user's preference).
    const own = (s: ISubscription): NotificationPreference | undefined =>
      largeRoom && s.desktopPrefOrigin === 'user' ? undefined : s.desktopNotifications;
    // Who may be notified, everyone taken as online and (in a room under the limit) as wanting every message.
    const optimistic = (s: ISubscription): DesktopRecipient => recipient(s, largeRoom ? own(s) : (own(s) ?? 'all'), s.userHighlights);
    const candidates = desktopRecipients(settings, facts, subscriptions.map(optimistic));
    if (candidates.length === 0) return [];
    const presence = new Map((await this.receivers.connectedAmong(candidates)).map((user) => [user._id, user]));
    // A room's own choice wins; else the user's preference (users.setPreferences); else the server's default.
    const merged = subscriptions.map((s): DesktopRecipient => {
      const preferences = presence.get(s.u._id)?.settings?.preferences ?? {};
      return recipient(
        s,
        own(s) ?? (largeRoom ? undefined : (preferences.desktopNotifications as NotificationPreference)),
        s.userHighlights ?? (preferences.highlights as string[] | undefined),
      );
    });
    const recipients = desktopRecipients(settings, facts, merged, presence);
    this.publish(recipients, message, room, message.u);
    return recipients;
  }

  private publish(recipientIds: Iterable<string>, message: IMessage, room: IRoom, sender: UserRef): void {
    const senderName = sender.username;
    const groupDirect = room.t === 'd' && (room.uids?.length ?? 0) > 2;
    const title = room.t === 'd' ? (groupDirect ? (room.fname ?? room.usernames?.join(', ') ?? '') : senderName) : `#${room.name ?? ''}`;
    const text = room.t === 'd' && !groupDirect ? message.msg : `${senderName}: ${message.msg}`;
    const payload = {
      title,
      text,
      reacted: false,
      payload: {
        _id: message._id,
        rid: message.rid,
        tmid: message.tmid,
        sender: { _id: sender._id, username: sender.username, name: sender.name },
        type: room.t,
        message: { msg: message.msg, ...(message.t && { t: message.t }) },
        name: room.t === 'd' ? senderName : room.name,
      },
    };
    this.realtime.notifyUsers(recipientIds, 'notification', [payload]);
  }
}

/** What the rules read of a member's subscription, with their desktop choice and highlights: a few fields, not a copy. */
function recipient(
  s: ISubscription,
  desktopNotifications: NotificationPreference | undefined,
  userHighlights: string[] | undefined,
): DesktopRecipient {
  return {
    u: s.u,
    disableNotifications: s.disableNotifications,
    muteGroupMentions: s.muteGroupMentions,
    ignored: s.ignored,
    mobilePushNotifications: s.mobilePushNotifications,
    userHighlights,
    desktopNotifications,
  };
}
