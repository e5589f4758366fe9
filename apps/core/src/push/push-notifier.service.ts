import { Inject, Injectable, Logger } from '@nestjs/common';
import type { INotificationQueueItem, IMessage, IRoom, ISubscription, NotificationPreference } from '@rc/contracts';
import { AppTokensRepository, NotificationQueueRepository, randomId, UsersRepository } from '@rc/models';
import { APP_CONFIG } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import type { CoreConfig } from '../core.env.js';
import { pushData } from './push-payload.js';
import { pushRecipients, scheduleFor, type MessageFacts } from './push-rules.js';
import { NotificationQueueWorker } from './notification-queue.worker.js';

/**
 * After a message is stored: who gets a push (Rocket.Chat's rules, `push-rules.ts`), among them those with a
 * device, and one queue item each in `rocketchat_notification_queue` (scheduled by their connection status).
 * Runs behind the send's answer: a failure here is logged, never the sender's.
 */
@Injectable()
export class PushNotifier {
  private readonly logger = new Logger(PushNotifier.name);

  constructor(
    private readonly tokens: AppTokensRepository,
    private readonly queue: NotificationQueueRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly worker: NotificationQueueWorker,
    @Inject(APP_CONFIG) private readonly config: CoreConfig,
  ) {}

  /** Fire and forget: the send path does not wait. */
  onMessage(
    message: IMessage,
    room: IRoom,
    subscriptions: ISubscription[],
    facts: Omit<MessageFacts, 'roomMembersCount' | 'msg' | 'senderId' | 'roomType'>,
  ): void {
    this.enqueue(message, room, subscriptions, facts).catch((error: Error) =>
      this.logger.error(`push for message ${message._id} not queued: ${error.message}`),
    );
  }

  async enqueue(
    message: IMessage,
    room: IRoom,
    subscriptions: ISubscription[],
    facts: Omit<MessageFacts, 'roomMembersCount' | 'msg' | 'senderId' | 'roomType'>,
  ): Promise<number> {
    if (!this.settings.get<boolean>('Push_enable') || this.settings.get<boolean>('Troubleshoot_Disable_Notifications')) return 0;
    // Only members with a device matter: found first, with their status and push preferences.
    const members = subscriptions.filter((s) => s.u._id !== message.u._id && s.disableNotifications !== true).map((s) => s.u._id);
    const withDevices = await this.tokens.usersWithTokens(members);
    if (withDevices.size === 0) return 0;
    const receivers = new Map((await this.users.findPushReceiversByIds([...withDevices])).map((user) => [user._id, user]));
    // A room's own choice wins; else the user's preference (users.setPreferences); else the server's default.
    const merged = subscriptions
      .filter((s) => receivers.has(s.u._id))
      .map((s) => {
        const preferences = receivers.get(s.u._id)!.settings?.preferences ?? {};
        const userChoice = preferences.pushNotifications as NotificationPreference | undefined;
        return {
          ...s,
          mobilePushNotifications: s.mobilePushNotifications ?? userChoice,
          userHighlights: s.userHighlights ?? (preferences.highlights as string[] | undefined),
        };
      });
    const recipients = pushRecipients(
      {
        Push_enable: true,
        Troubleshoot_Disable_Notifications: false,
        Accounts_Default_User_Preferences_pushNotifications: this.settings.get<NotificationPreference>(
          'Accounts_Default_User_Preferences_pushNotifications',
        ),
        Notifications_Max_Room_Members: this.settings.get<number>('Notifications_Max_Room_Members'),
      },
      { ...facts, senderId: message.u._id, msg: message.msg ?? '', roomType: room.t, roomMembersCount: subscriptions.length },
      merged,
    );
    if (recipients.length === 0) return 0;
    const sender = { username: message.u.username, name: message.u.name };
    const settings = {
      Push_show_username_room: this.settings.get<boolean>('Push_show_username_room'),
      Push_show_message: this.settings.get<boolean>('Push_show_message'),
      Push_request_content_from_server: this.settings.get<boolean>('Push_request_content_from_server'),
      UI_Use_Real_Name: this.settings.get<boolean>('UI_Use_Real_Name'),
      Site_Url: this.settings.get<string>('Site_Url'),
    };
    const delays = {
      online: this.config.NOTIFICATIONS_SCHEDULE_DELAY_ONLINE,
      away: this.config.NOTIFICATIONS_SCHEDULE_DELAY_AWAY,
      offline: this.config.NOTIFICATIONS_SCHEDULE_DELAY_OFFLINE,
    };
    const now = new Date();
    const items: INotificationQueueItem[] = [];
    for (const uid of recipients) {
      const receiver = receivers.get(uid)!;
      if (receiver.active === false) continue;
      // Without `view-d-room`, no notification of direct messages (as Rocket.Chat).
      if (room.t === 'd' && !(await this.access.hasPermission(receiver._id, 'view-d-room'))) continue;
      const schedule = scheduleFor(receiver.statusConnection, delays, now);
      if (schedule === null) continue;
      items.push({
        _id: randomId(),
        uid: receiver._id,
        rid: room._id,
        mid: message._id,
        ts: now,
        schedule: schedule ?? now,
        items: [{ type: 'push', data: pushData(settings, { room, message, sender, receiverUsername: receiver.username }) }],
      });
    }
    await this.queue.insertMany(items);
    if (items.some((item) => item.schedule <= now)) this.worker.kick();
    return items.length;
  }
}
