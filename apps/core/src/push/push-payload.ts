import type { IAppsTokens, IMessage, IRoom, PushItemData, PushNotificationConfig } from '@rc/contracts';
import EJSON from 'ejson';

/** The settings payloads read (Rocket.Chat's ids). */
export interface PushPayloadSettings {
  Push_show_username_room: boolean;
  Push_show_message: boolean;
  Push_request_content_from_server: boolean;
  UI_Use_Real_Name: boolean;
  Site_Url: string;
}

export const NEW_MESSAGE_TEXT = 'You have a new message';
const TITLE_LIMIT = 65;
const BODY_LIMIT = 240;

/** `@rocket.chat/tools`' truncateString: cut with an ellipsis within the limit. */
export function truncate(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}

/** Rocket.Chat's notification id: a 32-bit string hash of `<server>|<rid>` (the app groups a room's pushes). */
export function notificationId(server: string, rid: string): number {
  let hash = 0;
  for (let i = `${server}|${rid}`.length, s = `${server}|${rid}`; i;) {
    hash = (hash << 5) - hash + s.charCodeAt(--i);
    hash &= hash;
  }
  return hash;
}

/** The text a message notifies with: its text, or a word about its attachment. */
export function notificationText(message: Pick<IMessage, 'msg' | 'attachments' | 'file'>): string {
  if (message.msg) return message.msg;
  const attachment = message.attachments?.[0] as { description?: string; title?: string } | undefined;
  if (attachment?.description) return attachment.description;
  if (message.file || attachment) return 'Sent an attachment';
  return '';
}

/** A room as it is named in a notification title: `#name`, or a group DM's members. */
function roomDisplayName(room: IRoom): string {
  if (room.t === 'd') return room.fname ?? room.usernames?.join(', ') ?? '';
  return room.fname ?? room.name ?? '';
}

/**
 * Rocket.Chat's `getPushData` for one recipient: the sender shown only with `Push_show_username_room` (their
 * name with `UI_Use_Real_Name`), the text replaced by "You have a new message" when `Push_show_message` is off
 * or (`omitMessage`) when the app fetches the content itself (`Push_request_content_from_server`); the reply
 * button (`MESSAGE`) unless the room is read-only or the recipient is muted there.
 */
export function pushData(
  settings: PushPayloadSettings,
  input: {
    room: IRoom;
    message: Pick<IMessage, '_id' | 'msg' | 't' | 'u' | 'tmid' | 'attachments' | 'file'>;
    sender: { username: string; name?: string };
    receiverUsername?: string;
    omitMessage?: boolean;
  },
): PushItemData {
  const { room, message, sender } = input;
  const showNames = settings.Push_show_username_room;
  const username = showNames ? (settings.UI_Use_Real_Name && sender.name) || sender.username : '';
  const hidden = (input.omitMessage !== false && settings.Push_request_content_from_server) || !settings.Push_show_message;
  const groupChat = room.t !== 'd' || (room.uids?.length ?? 0) > 2;
  const replyable = Boolean(input.receiverUsername) && room.ro !== true && !room.muted?.includes(input.receiverUsername!);
  return {
    payload: {
      sender: message.u,
      senderName: username || '',
      type: room.t,
      name: showNames ? (room.name ?? '') : '',
      ...(message.t && { messageType: message.t }),
      ...(message.tmid && { tmid: message.tmid }),
    },
    roomName: showNames && groupChat ? `#${roomDisplayName(room)}` : '',
    username: username || '',
    message: hidden ? NEW_MESSAGE_TEXT : notificationText(message),
    category: replyable ? 'MESSAGE' : 'MESSAGE_NOREPLY',
  };
}

/**
 * Rocket.Chat's `PushNotification.getNotificationConfig`: the notification for a recipient's devices. With
 * `idOnly` (`Push_request_content_from_server`) the title is empty and the payload carries only the message id,
 * for the app to fetch the content with `push.get`.
 */
export function notificationConfig(
  settings: Pick<PushPayloadSettings, 'Site_Url'>,
  input: { rid: string; uid: string; mid: string; data: PushItemData; badge: number; idOnly: boolean; serverId: string },
): PushNotificationConfig {
  const { data, idOnly } = input;
  const host = settings.Site_Url.endsWith('/') ? settings.Site_Url : `${settings.Site_Url}/`;
  const title = idOnly ? '' : data.roomName || data.username;
  const text = !idOnly && data.roomName !== '' ? `${data.username}: ${data.message}` : data.message;
  return {
    from: 'push',
    badge: input.badge,
    sound: 'default',
    priority: 10,
    title: truncate(title, TITLE_LIMIT),
    text: truncate(text, BODY_LIMIT),
    payload: {
      host,
      messageId: input.mid,
      notificationType: idOnly ? 'message-id-only' : 'message',
      ...(!idOnly && { rid: input.rid, ...data.payload }),
    },
    userId: input.uid,
    notId: notificationId(input.serverId, input.rid),
    gcm: { style: 'inbox', image: `${host}images/logo/android-chrome-192x192.png` },
    ...(data.category !== '' && { apn: { category: data.category } }),
  };
}

/** Rocket.Chat's pending notification as its push gateway receives it (`options` of `POST /push/<service>/send`). */
export function gatewayRequest(
  config: PushNotificationConfig,
  token: IAppsTokens,
  uniqueId: string,
  createdAt: Date,
): { service: 'apn' | 'gcm'; body: { token: string; options: Record<string, unknown> } } {
  const { priority: _priority, ...rest } = config;
  const options = { createdAt, createdBy: '<SERVER>', sent: false, sending: 0, ...rest, uniqueId };
  if ('apn' in token.token) return { service: 'apn', body: { token: token.token.apn, options: { topic: token.appName, ...options } } };
  return { service: 'gcm', body: { token: token.token.gcm, options } };
}

/** The FCM HTTP v1 `messages:send` body (data values are strings, as FCM requires). */
export function fcmMessage(config: PushNotificationConfig, deviceToken: string): { message: Record<string, unknown> } {
  const data: Record<string, string> = config.payload ? { ejson: EJSON.stringify(config.payload) } : {};
  if (config.gcm?.image != null) data.image = config.gcm.image;
  if (config.badge != null) data.msgcnt = String(config.badge);
  if (config.sound != null) data.soundname = config.sound;
  if (config.notId != null) data.notId = String(config.notId);
  if (config.gcm?.style != null) data.style = config.gcm.style;
  if (config.contentAvailable != null) data['content-available'] = String(config.contentAvailable);
  return {
    message: {
      token: deviceToken,
      notification: { title: config.title, body: config.text },
      data,
      android: { priority: 'HIGH' },
    },
  };
}

/** The APNs HTTP/2 request for a device (headers and JSON body), as node-apn builds it in Rocket.Chat. */
export function apnRequest(
  config: PushNotificationConfig,
  topic: string,
  now: Date,
): { headers: Record<string, string>; body: Record<string, unknown> } {
  const alert: Record<string, string> = {};
  if (config.title) alert.title = config.title;
  if (config.text) alert.body = config.text;
  const aps: Record<string, unknown> = {
    alert,
    ...(config.badge !== undefined && { badge: config.badge }),
    ...(config.sound !== undefined && { sound: config.sound }),
    ...(config.apn?.category && { category: config.apn.category }),
    ...(config.notId != null && { 'thread-id': String(config.notId) }),
    ...(config.contentAvailable && { 'content-available': 1 }),
    'mutable-content': 1,
  };
  return {
    headers: {
      'apns-topic': topic,
      'apns-push-type': 'alert',
      'apns-priority': String(config.priority ?? 10),
      'apns-expiration': String(Math.floor(now.getTime() / 1000) + 3600),
    },
    body: { aps, ...(config.payload ? { ejson: EJSON.stringify(config.payload) } : {}), messageFrom: config.from },
  };
}
