import {
  STATUS_CODE,
  type IMessage,
  type IPermission,
  type IRole,
  type IRoom,
  type ISetting,
  type ISubscription,
  type IUser,
  type StreamEvent,
} from '@rc/contracts';

/** What changed in a document, in Rocket.Chat's words (`clientAction`). */
export type ChangeAction = 'inserted' | 'updated' | 'removed';

/**
 * Rocket.Chat's stream payloads, built from documents. Pure functions: the direct publisher and stream-hub
 * both build their events here, so the two realtime sources cannot disagree.
 */
export const streamEvents = {
  /** stream-notify-room `<rid>/deleteMessage`. */
  messageDeleted: (message: Pick<IMessage, '_id' | 'rid'>): StreamEvent => ({
    eventName: `${message.rid}/deleteMessage`,
    args: [{ _id: message._id }],
  }),

  /** stream-notify-user `<uid>/subscriptions-changed`. */
  subscriptionChanged: (action: ChangeAction, subscription: ISubscription): StreamEvent => ({
    eventName: `${subscription.u._id}/subscriptions-changed`,
    args: [action, subscription],
  }),

  /** stream-notify-user `<uid>/rooms-changed`, one per member. */
  roomChanged: (action: ChangeAction, room: IRoom | Pick<IRoom, '_id'>, userId: string): StreamEvent => ({
    eventName: `${userId}/rooms-changed`,
    args: [action, room],
  }),

  /** stream-notify-logged `user-status`: `[[uid, username, statusCode, statusText]]`. */
  userStatus: (user: Pick<IUser, '_id' | 'username' | 'status' | 'statusText'>): StreamEvent => ({
    eventName: 'user-status',
    args: [[user._id, user.username, STATUS_CODE[user.status ?? 'offline'], user.statusText ?? '']],
  }),

  /** stream-user-presence `<uid>`: `[[username, statusCode, statusText]]`. */
  userPresence: (user: Pick<IUser, '_id' | 'username' | 'status' | 'statusText'>): StreamEvent => ({
    eventName: user._id,
    args: [[user.username, STATUS_CODE[user.status ?? 'offline'], user.statusText ?? '']],
  }),

  /** stream-notify-logged `Users:NameChanged`. */
  userNameChanged: (user: Pick<IUser, '_id' | 'username' | 'name'>): StreamEvent => ({
    eventName: 'Users:NameChanged',
    args: [{ _id: user._id, username: user.username, name: user.name }],
  }),

  /** stream-notify-logged `permissions-changed`. */
  permissionChanged: (action: ChangeAction, permission: IPermission): StreamEvent => ({
    eventName: 'permissions-changed',
    args: [action, permission],
  }),

  /** stream-notify-logged `roles`: a role was created, changed or deleted. */
  roleChanged: (action: 'changed' | 'removed', role: IRole): StreamEvent => ({
    eventName: 'roles',
    args: [{ type: action, ...role }],
  }),

  /** stream-notify-logged `roles-change`: a user gained or lost a role (scope: the room, for room roles). */
  userRoleChanged: (
    type: 'added' | 'removed',
    role: string,
    user: { _id: string; username?: string },
    scope?: string,
  ): StreamEvent => ({
    eventName: 'roles-change',
    args: [{ type, _id: role, u: { _id: user._id, username: user.username }, ...(scope && { scope }) }],
  }),

  /** stream-notify-all `public-settings-changed` (public settings) or stream-notify-logged `private-settings-changed`. */
  settingChanged: (action: ChangeAction, setting: Pick<ISetting, '_id' | 'value' | 'public'>): StreamEvent => ({
    eventName: setting.public ? 'public-settings-changed' : 'private-settings-changed',
    args: [action, { _id: setting._id, value: setting.value }],
  }),
};
