import type { IMessage, IRoom, NotificationPreference, RoomType, UserStatus } from '@rc/contracts';
import { escapeHtml, renderEmail, type MailFrame, type RenderedEmail } from '@rc/mailer';
import { containsHighlight, type MessageFacts } from './push-rules.js';

/** The settings the e-mail rules read (Rocket.Chat's ids). */
export interface EmailRuleSettings {
  Accounts_AllowEmailNotifications: boolean;
  /** `mentions` (Rocket.Chat's default) or `nothing`. */
  Accounts_Default_User_Preferences_emailNotificationMode: string;
  Notifications_Max_Room_Members: number;
  Troubleshoot_Disable_Notifications: boolean;
}

/**
 * Rocket.Chat's `shouldNotifyEmail`: never while e-mail notifications are off for the server, the member chose
 * `nothing`, or the member is connected (`online`: away and offline members get the e-mail); without a choice of
 * the member, the server's default (`Accounts_Default_User_Preferences_emailNotificationMode`) may say `nothing`;
 * then direct messages, highlights, `all`, a mention of the member, or `@all` (unless the room is too large).
 */
export function shouldNotifyEmail(
  settings: EmailRuleSettings,
  r: {
    disableAllMessageNotifications: boolean;
    statusConnection: UserStatus | undefined;
    emailNotifications: NotificationPreference | undefined;
    isHighlighted: boolean;
    hasMentionToUser: boolean;
    hasMentionToAll: boolean;
    hasReplyToThread: boolean;
    roomType: RoomType;
    isThread: boolean;
  },
): boolean {
  if (!settings.Accounts_AllowEmailNotifications) return false;
  if (r.emailNotifications === 'nothing') return false;
  if (r.statusConnection === 'online') return false;
  if (r.emailNotifications == null) {
    if (r.disableAllMessageNotifications && !r.isHighlighted && !r.hasMentionToUser && !r.hasReplyToThread) return false;
    if (settings.Accounts_Default_User_Preferences_emailNotificationMode === 'nothing') return false;
  }
  return (
    (r.roomType === 'd' ||
      r.isHighlighted ||
      r.emailNotifications === 'all' ||
      r.hasMentionToUser ||
      (!r.disableAllMessageNotifications && r.hasMentionToAll)) &&
    (r.isHighlighted || !r.isThread || r.hasReplyToThread)
  );
}

/** A member as the e-mail rules see them: the subscription's choices merged with the user's. */
export interface EmailCandidate {
  uid: string;
  statusConnection: UserStatus | undefined;
  active: boolean | undefined;
  /** The room's choice, else the user's `emailNotificationMode` (`default` counts as none). */
  emailNotifications: NotificationPreference | undefined;
  disableNotifications?: boolean;
  ignored?: string[];
  muteGroupMentions?: boolean;
  highlights?: string[];
  /** The first verified address (Rocket.Chat mails only there); none: no e-mail. */
  address?: string;
}

/**
 * Who of the candidates gets an offline e-mail for a message (Rocket.Chat's `sendNotification`, e-mail part), with
 * whether they were mentioned by name (the subject says so): the same exclusions as pushes (the sender, disabled
 * notifications, an ignored sender, muted group mentions), an active user with a verified address, then
 * `shouldNotifyEmail`.
 */
export function emailRecipients(
  settings: EmailRuleSettings,
  message: MessageFacts,
  candidates: EmailCandidate[],
): Array<{ uid: string; address: string; hasMentionToUser: boolean }> {
  if (settings.Troubleshoot_Disable_Notifications || !settings.Accounts_AllowEmailNotifications) return [];
  const max = settings.Notifications_Max_Room_Members;
  const disableAllMessageNotifications = max !== 0 && message.roomMembersCount > max;
  const followers = new Set(message.threadFollowers);
  const chosen: Array<{ uid: string; address: string; hasMentionToUser: boolean }> = [];
  for (const candidate of candidates) {
    const { uid } = candidate;
    if (uid === message.senderId || candidate.disableNotifications === true || candidate.active === false || !candidate.address) continue;
    if (candidate.ignored?.includes(message.senderId)) continue;
    const hasMentionToUser = message.mentionIds.includes(uid);
    const hasReplyToThread = message.isThread && (followers.has(uid) || hasMentionToUser);
    if (!hasMentionToUser && !hasReplyToThread && candidate.muteGroupMentions && (message.toAll || message.toHere)) continue;
    const notify = shouldNotifyEmail(settings, {
      disableAllMessageNotifications,
      statusConnection: candidate.statusConnection,
      emailNotifications: candidate.emailNotifications,
      isHighlighted: containsHighlight(message.msg, candidate.highlights),
      hasMentionToUser,
      hasMentionToAll: message.toAll,
      hasReplyToThread,
      roomType: message.roomType,
      isThread: message.isThread,
    });
    if (notify) chosen.push({ uid, address: candidate.address, hasMentionToUser });
  }
  return chosen;
}

/** The settings the e-mail's content reads. */
export interface OfflineEmailSettings {
  UI_Use_Real_Name: boolean;
  Email_notification_show_message: boolean;
  Offline_DM_Email: string;
  Offline_Mention_Email: string;
  Offline_Mention_All_Email: string;
}

/** Rocket.Chat's English texts of the keys its offline e-mail uses. */
const TEXTS = {
  sentToYou: (user: string) => `<strong>${user}</strong> sent you a message`,
  sentOnChannel: (user: string, channel: string) => `<strong>${user}</strong> sent a message on <strong>${channel}</strong>`,
  fileToYou: (user: string) => `<strong>${user}</strong> sent you a file`,
  fileOnChannel: (user: string, channel: string) => `<strong>${user}</strong> uploaded a file on <strong>${channel}</strong>`,
  goToMessage: 'GO TO MESSAGE',
};

/** Rocket.Chat's route of a room (`/channel/<name>`, `/group/<name>`, `/direct/<rid>`). */
function roomPath(room: IRoom): string {
  if (room.t === 'd') return `direct/${room._id}`;
  return `${room.t === 'p' ? 'group' : 'channel'}/${encodeURIComponent(room.name ?? room._id)}`;
}

/**
 * Rocket.Chat's `getEmailData` + `getEmailContent`: the subject from `Offline_DM_Email` (a direct message),
 * `Offline_Mention_Email` (a mention by name) or `Offline_Mention_All_Email`, with `[User]` and `[Room]`; the
 * body a header ("<user> sent a message on #room"), the message (escaped, line breaks kept) when
 * `Email_notification_show_message` is on, and the "GO TO MESSAGE" link `<Site_Url>/<room path>?msg=<id>`, framed
 * by `Email_Header` / `Email_Footer`.
 */
export function offlineEmail(
  frame: MailFrame,
  settings: OfflineEmailSettings,
  args: { message: IMessage; room: IRoom; hasMentionToUser: boolean },
): RenderedEmail {
  const { message, room } = args;
  const sender = settings.UI_Use_Real_Name ? message.u.name || message.u.username : message.u.username;
  const isDirect = room.t === 'd';
  const roomName = isDirect ? sender : (room.fname ?? room.name ?? '');
  const subjectTemplate = isDirect
    ? settings.Offline_DM_Email
    : args.hasMentionToUser
      ? settings.Offline_Mention_Email
      : settings.Offline_Mention_All_Email;
  const user = escapeHtml(sender);
  const channel = escapeHtml(`#${roomName}`);
  const files = (message.files ?? (message.file ? [message.file] : [])).filter(
    (file) => (file as { typeGroup?: string }).typeGroup !== 'thumb',
  );
  const hasText = typeof message.msg === 'string' && message.msg.trim() !== '';
  const header =
    files.length > 0 && !hasText
      ? isDirect
        ? TEXTS.fileToYou(user)
        : TEXTS.fileOnChannel(user, channel)
      : isDirect
        ? TEXTS.sentToYou(user)
        : TEXTS.sentOnChannel(user, channel);
  const parts: string[] = [];
  if (settings.Email_notification_show_message) {
    if (hasText) parts.push(escapeHtml(message.msg).replace(/\n/g, '<br/>'));
    if (files.length > 0) parts.push(files.map((file) => escapeHtml(file.name ?? '')).join('<br/><br/>'));
  }
  const content = parts.length > 0 ? `${header}:<br/><br/>${parts.join('<br/><br/>')}` : header;
  const link = `${frame.siteUrl.replace(/\/?$/, '/')}${roomPath(room)}?msg=${encodeURIComponent(message._id)}`;
  // The body is built here (its values escaped above); the link goes in as a value, escaped by the renderer.
  const body = `${content}<p><a class="btn" href="[room_path]">${TEXTS.goToMessage}</a></p>`;
  const subjectFilled = subjectTemplate.replace(/\[User\]|__User__/gi, () => sender).replace(/\[Room\]|__Room__/gi, () => roomName);
  return renderEmail(frame, subjectFilled, body, { room_path: link });
}
