import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields } from '../core/wire-params.js';
import { UserAdminFields } from './create-user.contract.js';
import { Actor, type UserView } from './self-user.js';
import { CustomFieldsField, EmailField, NameField, PasswordField, UserIdField, UsernameField } from './user-fields.js';

const optionalAll = <T extends Record<string, z.ZodType>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };

/**
 * `POST /api/v1/users.update`: oneself, or anyone with `edit-other-user-info`; roles need `assign-roles`,
 * a password `edit-other-user-password`, `active` `edit-other-user-active-status`. Re-authentication first,
 * as Rocket.Chat's route (`twoFactorRequired`).
 */
export const UpdateUserRequest = z.strictObject({
  actor: Actor,
  userId: UserIdField,
  data: z.strictObject({
    ...optionalAll(UserAdminFields),
    /** Accepted for compatibility; presence belongs to the presence service. */
    status: z.string().max(32).optional(),
  }),
  confirmRelinquish: z.boolean().optional(),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const accountsUpdateUser = defineRpc({
  subject: 'accounts.updateUser',
  request: UpdateUserRequest,
  response: as<{ user: UserView }>(),
  // Hashing a password, then (a new username or name) core renaming its copies: rooms.renameUser, up to 30 s.
  timeoutMs: 45_000,
  twoFactor: {},
}).post('users.update', {
  request: ({ body, actor }) => ({ actor, userId: body.userId, data: body.data, confirmRelinquish: body.confirmRelinquish }),
});

/**
 * `POST /api/v1/users.updateOwnBasicInfo` and DDP `saveUserProfile`: one's own profile. A new e-mail or
 * password needs re-authentication every time (Rocket.Chat's `requireSecondFactor`): a second factor, else the
 * password — REST `currentPassword` (its SHA-256 hex digest as Rocket.Chat's clients send it, or in plain text)
 * or the `x-2fa-*` headers; DDP the extra last argument `{twoFactorCode, twoFactorMethod}`.
 */
export const UpdateOwnBasicInfoRequest = z.strictObject({
  actor: Actor,
  data: z.strictObject({
    email: EmailField.optional(),
    name: NameField.optional(),
    username: UsernameField.optional(),
    nickname: z.string().max(256).optional(),
    bio: z.string().max(1024).optional(),
    statusText: z.string().max(256).optional(),
    /** Accepted for compatibility; presence belongs to the presence service. */
    statusType: z.string().max(32).optional(),
    /** Checked by the gateway as the `password` second factor (accounts.checkSecondFactor), not here. */
    currentPassword: PasswordField.optional(),
    newPassword: PasswordField.optional(),
  }),
  customFields: CustomFieldsField.optional(),
  /** The caller's login token: a new password ends every other session, not this one. */
  authToken: z.string().min(1).max(256).optional(),
});
export type UpdateOwnBasicInfoRequest = z.infer<typeof UpdateOwnBasicInfoRequest>;

export const accountsUpdateOwnBasicInfo = defineRpc({
  subject: 'accounts.updateOwnBasicInfo',
  request: UpdateOwnBasicInfoRequest,
  response: as<{ user: UserView }>(),
  // Hashing a password, then (a new username or name) core renaming its copies: rooms.renameUser, up to 30 s.
  timeoutMs: 45_000,
  twoFactor: { requireSecondFactor: true, appliesTo: ({ data }) => changesCredentials(data) },
})
  .post('users.updateOwnBasicInfo', {
    request: ({ body, actor, caller }) => ({ actor, data: body.data, customFields: body.customFields, authToken: caller.authToken }),
    typedPassword: ({ body }) => fields(body.data).currentPassword,
  })
  .method('saveUserProfile', {
    // Rocket.Chat's settings name the display name `realname`; keys the server does not take are dropped.
    request: ([settings, customFields], { actor, authToken }) => {
      const { email, realname, username, nickname, bio, statusText, statusType, newPassword } = fields(settings);
      const data = { email, name: realname, username, nickname, bio, statusText, statusType, newPassword };
      return {
        actor,
        data: Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)),
        customFields: customFields ?? undefined,
        authToken,
      };
    },
    reply: () => true,
  });

/** A new e-mail or password (Rocket.Chat: `settings.email || settings.newPassword`). */
function changesCredentials(data: unknown): boolean {
  const { email, newPassword } = fields(data);
  return Boolean(email) || Boolean(newPassword);
}

/**
 * DDP `insertOrUpdateUser(userData)` (Rocket.Chat's `saveUser` for the administration's user form): without
 * `_id` it creates the user as `users.create` does (answers the new `_id`), with `_id` it updates them as
 * `users.update` does (answers `true`) — the same permission checks and validation, and re-authentication first.
 */
export const accountsInsertOrUpdateUser = defineRpc({
  subject: 'accounts.insertOrUpdateUser',
  // The user's fields are checked as users.create's or users.update's request, whichever applies.
  request: z.strictObject({ actor: Actor, userId: UserIdField.optional(), data: z.record(z.string(), z.unknown()) }),
  response: as<{ user: UserView }>(),
  timeoutMs: 45_000,
  twoFactor: {},
}).method('insertOrUpdateUser', {
  request: ([userData], { actor }) => {
    const { _id, ...data } = fields(userData);
    return { actor, userId: _id, data };
  },
  reply: ({ user }, [userData]) => (fields(userData)._id === undefined ? user._id : true),
});
