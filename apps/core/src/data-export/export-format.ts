import type { ExportRoomData, ExportUserData, FileProp, IMessage, IRoom, MessageAttachment } from '@rc/contracts';
import { escapeHtml } from '@rc/mailer';

export type ExportType = 'json' | 'html';

/**
 * Usernames as an export shows them (Rocket.Chat's `hideUserName`): the exporting user's own, everyone else as
 * `User_1`, `User_2`, … in the order they first appear, the same name for the same user across the export.
 */
export class UserNameTable {
  private readonly table = new Map<string, string>();

  constructor(private readonly own: string | undefined) {}

  hide(username: string): string {
    let shown = this.table.get(username);
    if (!shown) {
      shown = username === this.own ? username : `User_${this.table.size + 1}`;
      this.table.set(username, shown);
    }
    return shown;
  }
}

/** An attachment as the export lists it (Rocket.Chat's `getAttachmentData`). */
function attachmentData(attachment: MessageAttachment, message: IMessage) {
  const text = (key: string) => (typeof attachment[key] === 'string' ? attachment[key] : undefined);
  return {
    type: text('type'),
    title: text('title'),
    title_link: text('title_link'),
    image_url: text('image_url'),
    audio_url: text('audio_url'),
    video_url: text('video_url'),
    message_link: text('message_link'),
    url: text('title_link') || text('image_url') || text('audio_url') || text('video_url') || text('message_link') || null,
    remote: !message.file?._id,
    fileId: message.file?._id,
    fileName: message.file?.name,
  };
}

/** A system message's text in the export (Rocket.Chat's English texts for the common types). */
function systemText(message: IMessage, username: string, names: UserNameTable): string | undefined {
  switch (message.t) {
    case 'uj':
      return 'Has joined the channel.';
    case 'ul':
      return 'Has left the channel.';
    case 'ult':
      return 'Has left the team.';
    case 'ujt':
      return 'Has joined the team.';
    case 'au':
      return `User ${names.hide(message.msg)} added by ${username}.`;
    case 'ru':
      return `User ${names.hide(message.msg)} removed by ${username}.`;
    case 'r':
      return `Room name changed to: ${message.msg} by ${username}`;
    case 'wm':
      return `Welcome ${username}`;
    default:
      return undefined;
  }
}

/** Rocket.Chat's italic types in the HTML export. */
const ITALIC = new Set(['uj', 'ul', 'au', 'r', 'ru', 'wm', 'livechat-close']);

/**
 * One message as a line of the room's file: a JSON object (`{msg, username, ts, attachments?, type?}`) for the
 * full export, an HTML paragraph otherwise, with a link to the file's copy in `assets/` when it carries one.
 */
export function exportMessage(type: ExportType, message: IMessage, names: UserNameTable): string {
  const username = names.hide(message.u.username || message.u.name || '');
  const data = {
    msg: systemText(message, username, names) ?? message.msg,
    username,
    ts: message.ts,
    ...(message.attachments && { attachments: message.attachments.map((attachment) => attachmentData(attachment, message)) }),
    ...(message.t && { type: message.t }),
  };
  if (type === 'json') return JSON.stringify(data);
  const timestamp = message.ts ? new Date(message.ts).toUTCString() : '';
  const text = escapeHtml(data.msg ?? '');
  const lines = [
    `<p><strong>${escapeHtml(username)}</strong> (${timestamp}):<br/>`,
    message.t && ITALIC.has(message.t) ? `<i>${text}</i>` : text,
  ];
  if (message.file?._id) {
    const attachment = data.attachments?.find((one) => one.type === 'file' && one.title_link?.includes(message.file!._id));
    const href = `./assets/${encodeURIComponent(assetName(message.file))}`;
    lines.push(`<br/><a href="${escapeHtml(href)}">${escapeHtml(attachment?.title || 'Message attachments')}</a>`);
  }
  lines.push('</p>');
  return lines.join('\n');
}

/** A file's name inside the zip's `assets/` (Rocket.Chat's `<fileId>-<name>`). */
export const assetName = (file: Pick<FileProp, '_id' | 'name'>) => `${file._id}-${file.name.replace(/[/\\]/g, '_')}`;

/** The head of a room's HTML file. */
export const HTML_ROOM_HEAD = '<meta http-equiv="content-type" content="text/html; charset=utf-8">';

/** The user's own file: `user.json` (full export) or `user.html`. */
export function userFile(type: ExportType, user: ExportUserData): { name: string; content: string } {
  const data = {
    username: user.username,
    name: user.name,
    statusText: user.statusText,
    emails: user.emails?.map(({ address }) => address),
    roles: user.roles,
    services: user.services,
  };
  if (type === 'json') return { name: 'user.json', content: JSON.stringify(data) };
  const lines = [
    '<!DOCTYPE html>',
    '<meta http-equiv="content-type" content="text/html; charset=utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">`,
  ];
  for (const [key, value] of Object.entries(data)) {
    let line = `<p><strong>${escapeHtml(key)}</strong>:`;
    if (typeof value === 'string') line += escapeHtml(value);
    else if (Array.isArray(value)) line += `<br/>${value.map((item) => `${escapeHtml(String(item))}<br/>`).join('')}`;
    lines.push(`${line}</p>`);
  }
  return { name: 'user.html', content: `${lines.join('\n')}\n` };
}

/** `channels.json` of the full export: one JSON line per room (`roomId`, `roomName`, `type`). */
export const channelsFile = (rooms: ExportRoomData[]) =>
  rooms.map(({ roomId, roomName, type }) => JSON.stringify({ roomId, roomName, type })).join('\n');

/**
 * A room's entry in the export (Rocket.Chat's `getRoomData`): named by the room's name (a DM by its id), the
 * file `<name>.json` for the full export and `<rid>.html` otherwise.
 */
export function roomData(room: Pick<IRoom, '_id' | 'name' | 't' | 'uids'>, type: ExportType, ownUserId: string): ExportRoomData {
  const roomName = room.name && room.t !== 'd' ? room.name : room._id;
  return {
    roomId: room._id,
    roomName,
    ...(room.t === 'd' && { userId: room.uids?.find((uid) => uid !== ownUserId) }),
    exportedCount: 0,
    status: 'pending',
    type: room.t,
    targetFile: `${(type === 'json' && roomName.replace(/[/\\]/g, '_')) || room._id}.${type}`,
  };
}

/** The zip's name (Rocket.Chat's `<date>-<name>[-data].zip`). */
export const zipName = (now: Date, displayName: string, type: ExportType) =>
  `${now.toISOString().split('T')[0]}-${displayName}${type === 'json' ? '-data' : ''}.zip`;
