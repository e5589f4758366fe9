import type { IMessage as AppMessage } from '@rocket.chat/apps-engine/definition/messages/IMessage.js';
import type { IRoom as AppRoom } from '@rocket.chat/apps-engine/definition/rooms/IRoom.js';
import type { IUser as AppUser } from '@rocket.chat/apps-engine/definition/users/IUser.js';
import type { ILivechatRoom, IMessage, IRoom, IUser, UserRef } from '@rc/contracts';

/**
 * Our documents (Rocket.Chat's collections) to the apps-engine's app-facing shapes and back, as Rocket.Chat's
 * `apps/server/converters` do: ids as `id`, the sender and the room as objects, dates kept.
 */

const ROOM_TYPES: Record<string, string> = { c: 'c', p: 'p', d: 'd', l: 'l' };

export function toAppUser(user: IUser | (UserRef & Partial<IUser>)): AppUser {
  const full = user as Partial<IUser> &
    UserRef & { type?: string; appId?: string; statusConnection?: string; utcOffset?: number; lastLogin?: Date };
  return {
    id: full._id,
    username: full.username ?? '',
    name: full.name ?? full.username ?? '',
    emails: (full.emails ?? []).map((e) => ({ address: e.address, verified: Boolean(e.verified) })),
    type: (full.type === 'app' || full.type === 'bot' ? full.type : 'user') as AppUser['type'],
    isEnabled: full.active !== false,
    roles: full.roles ?? [],
    status: (full.status as string | undefined) ?? 'offline',
    statusConnection: (full.statusConnection ?? 'offline') as AppUser['statusConnection'],
    utcOffset: full.utcOffset ?? 0,
    createdAt: full.createdAt ?? new Date(0),
    updatedAt: full._updatedAt ?? new Date(0),
    lastLoginAt: full.lastLogin ?? new Date(0),
    ...(full.appId && { appId: full.appId }),
  };
}

export function toAppRoom(room: IRoom, creator?: AppUser): AppRoom {
  return {
    id: room._id,
    displayName: room.fname ?? room.name,
    slugifiedName: room.name ?? '',
    type: (ROOM_TYPES[room.t] ?? 'c') as AppRoom['type'],
    creator: creator ?? (room.u ? toAppUser(room.u) : ({ id: 'rocket.cat', username: 'rocket.cat' } as AppUser)),
    userIds: room.uids,
    usernames: room.usernames ?? [],
    isDefault: room.default ?? false,
    isReadOnly: room.ro ?? false,
    displaySystemMessages: true,
    messageCount: room.msgs,
    createdAt: room.ts,
    updatedAt: room._updatedAt,
    lastModifiedAt: room.lm,
    description: room.description,
    customFields: (room as IRoom & { customFields?: Record<string, unknown> }).customFields ?? {},
    ...(room.teamId && { teamId: room.teamId }),
    ...((room.t as string) === 'l' && livechatRoomFields(room as unknown as ILivechatRoom)),
  };
}

/** What a livechat room adds (the engine's `ILivechatRoom`): its visitor, agent, department, state and source. */
function livechatRoomFields(room: ILivechatRoom) {
  return {
    visitor: {
      id: room.v._id,
      token: room.v.token,
      username: room.v.username,
      name: room.v.name ?? room.v.username,
      status: room.v.status,
    },
    isOpen: room.open === true,
    isWaitingResponse: room.waitingResponse === true,
    source: room.source,
    ...(room.servedBy && { servedBy: toAppUser({ _id: room.servedBy._id, username: room.servedBy.username }) }),
    ...(room.departmentId && { department: { id: room.departmentId } }),
    ...(room.closedAt && { closedAt: room.closedAt }),
    ...(room.closer && { closer: room.closer }),
    ...(room.closedBy && { closedBy: toAppUser({ _id: room.closedBy._id, username: room.closedBy.username }) }),
  };
}

export function toAppMessage(message: IMessage, room: AppRoom, sender: AppUser): AppMessage {
  return {
    id: message._id,
    threadId: message.tmid,
    room,
    sender,
    text: message.msg,
    createdAt: message.ts,
    updatedAt: message._updatedAt,
    groupable: message.groupable,
    parseUrls: message.parseUrls,
    emoji: message.emoji,
    avatarUrl: message.avatar,
    alias: message.alias,
    attachments: message.attachments,
    customFields: message.customFields,
    ...(message.blocks && { blocks: message.blocks }),
    ...(message.editedAt && { editedAt: message.editedAt }),
    ...(message.t && { type: message.t }),
  } as AppMessage;
}

/** The fields an app's pre-send hook may change, from its message back to ours. */
export function appMessageChanges(message: AppMessage): Partial<IMessage> {
  return {
    msg: message.text ?? '',
    ...(message.attachments && { attachments: message.attachments as IMessage['attachments'] }),
    ...(message.customFields && { customFields: message.customFields }),
    ...(message.alias !== undefined && { alias: message.alias }),
    ...(message.emoji !== undefined && { emoji: message.emoji }),
    ...(message.avatarUrl !== undefined && { avatar: message.avatarUrl }),
  };
}
