import {
  STATUS_CODE,
  type ChangeAction,
  type IMessage,
  type IPermission,
  type IRole,
  type ISetting,
  type ISubscription,
  type IUser,
  type MessageErasure,
  type StreamEvent,
} from '@rc/contracts';

export type { ChangeAction };

/** The user fields a status change is announced with. */
export type StatusUser = Pick<IUser, '_id' | 'username' | 'status' | 'statusText' | 'name' | 'roles'>;

/** A setting as Rocket.Chat announces it: never more than these fields (no `packageValue`, no `hidden`). */
export type AnnouncedSetting = Pick<ISetting, '_id' | 'value' | 'public'> &
  Partial<Pick<ISetting, 'hidden'>> & {
    editor?: unknown;
    properties?: unknown;
    enterprise?: boolean;
    requiredOnWizard?: boolean;
  };

const statusCode = (user: Pick<IUser, 'status'>) => STATUS_CODE[user.status ?? 'offline'] ?? 0;

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

  /**
   * stream-notify-user `<uid>/subscriptions-changed`. A removal carries only what identifies the
   * subscription (`_id`, `u`, `rid`, `t`), as Rocket.Chat's trash-based notification does.
   */
  subscriptionChanged: (action: ChangeAction, subscription: ISubscription): StreamEvent => ({
    eventName: `${subscription.u._id}/subscriptions-changed`,
    args: [
      action,
      action === 'removed'
        ? { _id: subscription._id, u: subscription.u, rid: subscription.rid, ...(subscription.t && { t: subscription.t }) }
        : subscription,
    ],
  }),

  /** stream-notify-logged `user-status`: `[[uid, username, statusCode, statusText, name, roles]]`. */
  userStatus: (user: StatusUser): StreamEvent => ({
    eventName: 'user-status',
    args: [[user._id, user.username, statusCode(user), user.statusText, user.name, user.roles]],
  }),

  /** stream-user-presence `<uid>`: `[[username, statusCode, statusText]]`. */
  userPresence: (user: StatusUser): StreamEvent => ({
    eventName: user._id,
    args: [[user.username, statusCode(user), user.statusText]],
  }),

  /** stream-notify-user `<uid>/userData`: the user's own status changed (updates their client's user). */
  userStatusData: (user: StatusUser): StreamEvent => ({
    eventName: `${user._id}/userData`,
    args: [
      {
        type: 'updated',
        id: user._id,
        diff: { status: user.status, ...(user.statusText && { statusText: user.statusText }) },
        unset: user.statusText ? {} : { statusText: 1 },
      },
    ],
  }),

  /** stream-notify-user `<uid>/userData`: fields of the user's own document changed (dotted keys). */
  userDataUpdated: (userId: string, diff: Record<string, unknown>, unset: Record<string, 1>): StreamEvent => ({
    eventName: `${userId}/userData`,
    args: [{ type: 'updated', id: userId, diff, unset }],
  }),

  /** stream-notify-logged `Users:NameChanged`. */
  userNameChanged: (user: Pick<IUser, '_id' | 'username' | 'name'>): StreamEvent => ({
    eventName: 'Users:NameChanged',
    args: [{ _id: user._id, username: user.username, name: user.name }],
  }),

  /**
   * stream-notify-logged `Users:Deleted`: `[{userId, messageErasureType, replaceByUser?}]`, so that clients
   * drop (`Delete`) or reassign (`Unlink`) the deleted user's messages they hold.
   */
  userDeleted: (userId: string, erasure: Exclude<MessageErasure, { messageErasureType: 'Keep' }>): StreamEvent => ({
    eventName: 'Users:Deleted',
    args: [{ userId, ...erasure }],
  }),

  /** stream-notify-logged `permissions-changed`. */
  permissionChanged: (action: ChangeAction, permission: IPermission): StreamEvent => ({
    eventName: 'permissions-changed',
    args: [action, permission],
  }),

  /** stream-roles `roles`: a role was created or changed (`changed`), or deleted (`removed`). */
  roleChanged: (action: 'changed' | 'removed', role: IRole | Pick<IRole, '_id'>): StreamEvent => ({
    eventName: 'roles',
    args: [{ type: action, ...role }],
  }),

  /** stream-notify-logged `roles-change`: a user gained or lost a role (scope: the room, for room roles). */
  userRoleChanged: (
    type: 'added' | 'removed' | 'changed',
    role: string,
    user: { _id: string; username?: string; name?: string },
    scope?: string,
  ): StreamEvent => ({
    eventName: 'roles-change',
    args: [
      {
        type,
        _id: role,
        u: { _id: user._id, username: user.username, ...(user.name !== undefined && { name: user.name }) },
        ...(scope && { scope }),
      },
    ],
  }),

  /** The value of a setting as clients receive it, in `[action, value]`. */
  settingValue: (setting: AnnouncedSetting) => ({
    _id: setting._id,
    value: setting.value,
    ...(setting.editor !== undefined && { editor: setting.editor }),
    ...(setting.properties !== undefined && { properties: setting.properties }),
    ...(setting.enterprise !== undefined && { enterprise: setting.enterprise }),
    ...(setting.requiredOnWizard !== undefined && { requiredOnWizard: setting.requiredOnWizard }),
  }),

  /** stream-notify-all `public-settings-changed` (public settings only). */
  publicSettingChanged: (action: ChangeAction, setting: AnnouncedSetting): StreamEvent => ({
    eventName: 'public-settings-changed',
    args: [action, streamEvents.settingValue(setting)],
  }),

  /** stream-notify-all `public-info`: the same change, wrapped for anonymous clients. */
  publicInfoSettingChanged: (action: ChangeAction, setting: AnnouncedSetting): StreamEvent => ({
    eventName: 'public-info',
    args: [['public-settings-changed', [action, streamEvents.settingValue(setting)]]],
  }),

  /** stream-notify-logged `private-settings-changed`: every visible setting, public ones included. */
  privateSettingChanged: (action: ChangeAction, setting: AnnouncedSetting): StreamEvent => ({
    eventName: 'private-settings-changed',
    args: [action, streamEvents.settingValue(setting)],
  }),
};
