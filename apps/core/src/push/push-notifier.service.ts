import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  EmailItemData,
  INotificationQueueItem,
  IMessage,
  IRoom,
  ISubscription,
  NotificationPreference,
  PushItemData,
  UserStatus,
} from '@rc/contracts';
import { Mailer } from '@rc/mailer';
import { NotificationQueueRepository, randomId, UsersRepository } from '@rc/models';
import { APP_CONFIG } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import type { CoreConfig } from '../core.env.js';
import { pushData } from './push-payload.js';
import { emailRecipients, offlineEmail, type EmailCandidate, type EmailRuleSettings } from './email-rules.js';
import { pushRecipients, scheduleFor, type MessageFacts } from './push-rules.js';
import { NotificationQueueWorker } from './notification-queue.worker.js';
import { PushTokenCache } from './push-token-cache.service.js';

/** Above this many users with a device, a plain message's member work reads every member (see `plainMessageAudience`). */
const PLAIN_AUDIENCE_LIMIT = 1_000;
const NOBODY: ReadonlySet<string> = new Set();

/** What the rules take from the member work; the room's member count when the subscriptions given are not all of them. */
type NotifierFacts = Omit<MessageFacts, 'roomMembersCount' | 'msg' | 'senderId' | 'roomType'> & { roomMembersCount?: number };

/**
 * After a message is stored: who gets a push (Rocket.Chat's rules, `push-rules.ts`), among them those with a
 * device, and who gets an offline e-mail (`email-rules.ts`); one queue item per recipient in
 * `rocketchat_notification_queue` holding both (scheduled by their connection status, Rocket.Chat's delay).
 * Runs behind the send's answer: a failure here is logged, never the sender's.
 */
@Injectable()
export class PushNotifier {
  private readonly logger = new Logger(PushNotifier.name);

  constructor(
    private readonly tokens: PushTokenCache,
    private readonly queue: NotificationQueueRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly worker: NotificationQueueWorker,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: CoreConfig,
  ) {}

  /** Fire and forget: the send path does not wait. */
  onMessage(message: IMessage, room: IRoom, subscriptions: ISubscription[], facts: NotifierFacts): void {
    this.enqueue(message, room, subscriptions, facts).catch((error: Error) =>
      this.logger.error(`push for message ${message._id} not queued: ${error.message}`),
    );
  }

  /**
   * Whom a plain message — in a room that is not a direct message, mentioning nobody, not a thread reply — may push to
   * or mail, among any room's members: nobody when notifications are off or pushes disabled without e-mails; else the
   * users with a device (Rocket.Chat's rules push only to them), when they are at most PLAIN_AUDIENCE_LIMIT. Undefined
   * (every member may be concerned, read them all) when offline e-mails are on or more users have a device.
   */
  async plainMessageAudience(): Promise<ReadonlySet<string> | undefined> {
    if (this.settings.get<boolean>('Troubleshoot_Disable_Notifications')) return NOBODY;
    if (this.settings.get<boolean>('Accounts_AllowEmailNotifications') && this.mailer.isConfigured()) return undefined;
    if (!this.settings.get<boolean>('Push_enable')) return NOBODY;
    return this.tokens.everyUserWithTokens(PLAIN_AUDIENCE_LIMIT);
  }

  async enqueue(message: IMessage, room: IRoom, subscriptions: ISubscription[], facts: NotifierFacts): Promise<number> {
    if (this.settings.get<boolean>('Troubleshoot_Disable_Notifications')) return 0;
    const ruleFacts: MessageFacts = {
      ...facts,
      senderId: message.u._id,
      msg: message.msg ?? '',
      roomType: room.t,
      roomMembersCount: facts.roomMembersCount ?? subscriptions.length,
    };
    const [pushes, emails] = await Promise.all([
      this.pushItems(message, room, subscriptions, ruleFacts),
      this.emailItems(message, room, subscriptions, ruleFacts),
    ]);
    const uids = new Set([...pushes.keys(), ...emails.keys()]);
    if (uids.size === 0) return 0;
    const delays = {
      online: this.config.NOTIFICATIONS_SCHEDULE_DELAY_ONLINE,
      away: this.config.NOTIFICATIONS_SCHEDULE_DELAY_AWAY,
      offline: this.config.NOTIFICATIONS_SCHEDULE_DELAY_OFFLINE,
    };
    const now = new Date();
    const items: INotificationQueueItem[] = [];
    for (const uid of uids) {
      const push = pushes.get(uid);
      const email = emails.get(uid);
      // Without `view-d-room`, no notification of direct messages (as Rocket.Chat).
      if (room.t === 'd' && !(await this.access.hasPermission(uid, 'view-d-room'))) continue;
      // One item per recipient (Rocket.Chat's scheduleItem), due by their connection status.
      const schedule = scheduleFor(push?.statusConnection ?? email?.statusConnection, delays, now);
      if (schedule === null) continue;
      items.push({
        _id: randomId(),
        uid,
        rid: room._id,
        mid: message._id,
        ts: now,
        schedule: schedule ?? now,
        items: [
          ...(push ? [{ type: 'push' as const, data: push.data }] : []),
          ...(email ? [{ type: 'email' as const, data: email.data }] : []),
        ],
      });
    }
    if (items.length === 0) return 0;
    await this.queue.insertMany(items);
    if (items.some((item) => item.schedule <= now)) this.worker.kick();
    return items.length;
  }

  /** The pushes (Rocket.Chat's mobile rules), for members with a device. */
  private async pushItems(
    message: IMessage,
    room: IRoom,
    subscriptions: ISubscription[],
    facts: MessageFacts,
  ): Promise<Map<string, { data: PushItemData; statusConnection: UserStatus | undefined }>> {
    const result = new Map<string, { data: PushItemData; statusConnection: UserStatus | undefined }>();
    if (!this.settings.get<boolean>('Push_enable')) return result;
    // Only members with a device matter: found first, with their status and push preferences.
    const members = subscriptions.filter((s) => s.u._id !== message.u._id && s.disableNotifications !== true).map((s) => s.u._id);
    const withDevices = await this.tokens.usersWithTokens(members);
    if (withDevices.size === 0) return result;
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
      facts,
      merged,
    );
    const sender = { username: message.u.username, name: message.u.name };
    const settings = {
      Push_show_username_room: this.settings.get<boolean>('Push_show_username_room'),
      Push_show_message: this.settings.get<boolean>('Push_show_message'),
      Push_request_content_from_server: this.settings.get<boolean>('Push_request_content_from_server'),
      UI_Use_Real_Name: this.settings.get<boolean>('UI_Use_Real_Name'),
      Site_Url: this.settings.get<string>('Site_Url'),
    };
    for (const uid of recipients) {
      const receiver = receivers.get(uid)!;
      if (receiver.active === false) continue;
      result.set(uid, {
        data: pushData(settings, { room, message, sender, receiverUsername: receiver.username }),
        statusConnection: receiver.statusConnection,
      });
    }
    return result;
  }

  /**
   * The offline e-mails (Rocket.Chat's `shouldNotifyEmail`, `email-rules.ts`): only members who could be concerned
   * are read — those mentioned, the other member of a direct message, thread followers, a room set to `all`, members
   * with highlight words; every member for `@all` — and only those not online with a verified address.
   */
  private async emailItems(
    message: IMessage,
    room: IRoom,
    subscriptions: ISubscription[],
    facts: MessageFacts,
  ): Promise<Map<string, { data: EmailItemData; statusConnection: UserStatus | undefined }>> {
    const result = new Map<string, { data: EmailItemData; statusConnection: UserStatus | undefined }>();
    const ruleSettings: EmailRuleSettings = {
      Accounts_AllowEmailNotifications: this.settings.get<boolean>('Accounts_AllowEmailNotifications'),
      Accounts_Default_User_Preferences_emailNotificationMode: this.settings.get<string>(
        'Accounts_Default_User_Preferences_emailNotificationMode',
      ),
      Notifications_Max_Room_Members: this.settings.get<number>('Notifications_Max_Room_Members'),
      Troubleshoot_Disable_Notifications: false,
    };
    if (!ruleSettings.Accounts_AllowEmailNotifications || !this.mailer.isConfigured()) return result;
    const others = subscriptions.filter(
      (s) => s.u._id !== message.u._id && s.disableNotifications !== true && s.emailNotifications !== 'nothing',
    );
    if (others.length === 0) return result;
    const followers = new Set(facts.threadFollowers);
    const everyone = room.t === 'd' || facts.toAll;
    const narrowTo = everyone
      ? undefined
      : others
          .filter(
            (s) =>
              facts.mentionIds.includes(s.u._id) ||
              followers.has(s.u._id) ||
              s.emailNotifications === 'all' ||
              (s.userHighlights?.length ?? 0) > 0,
          )
          .map((s) => s.u._id);
    const receivers = new Map(
      (
        await this.users.findEmailReceivers(
          others.map((s) => s.u._id),
          narrowTo,
        )
      ).map((user) => [user._id, user]),
    );
    if (receivers.size === 0) return result;
    const candidates: EmailCandidate[] = others
      .filter((s) => receivers.has(s.u._id))
      .map((s) => {
        const user = receivers.get(s.u._id)!;
        const preferences = user.settings?.preferences ?? {};
        const mode = preferences.emailNotificationMode as string | undefined;
        return {
          uid: s.u._id,
          statusConnection: user.statusConnection,
          active: user.active,
          emailNotifications: s.emailNotifications ?? (mode === 'nothing' || mode === 'mentions' ? mode : undefined),
          disableNotifications: s.disableNotifications,
          ignored: s.ignored,
          muteGroupMentions: s.muteGroupMentions,
          highlights: s.userHighlights ?? (preferences.highlights as string[] | undefined),
          address: user.emails?.find((entry) => entry.verified)?.address,
        };
      });
    const contentSettings = {
      UI_Use_Real_Name: this.settings.get<boolean>('UI_Use_Real_Name'),
      Email_notification_show_message: this.settings.get<boolean>('Email_notification_show_message'),
      Offline_DM_Email: this.settings.get<string>('Offline_DM_Email') ?? '',
      Offline_Mention_Email: this.settings.get<string>('Offline_Mention_Email') ?? '',
      Offline_Mention_All_Email: this.settings.get<string>('Offline_Mention_All_Email') ?? '',
    };
    const frame = this.mailer.frame();
    for (const { uid, address, hasMentionToUser } of emailRecipients(ruleSettings, facts, candidates)) {
      const email = offlineEmail(frame, contentSettings, { message, room, hasMentionToUser });
      result.set(uid, { data: { to: address, ...email }, statusConnection: receivers.get(uid)!.statusConnection });
    }
    return result;
  }
}
