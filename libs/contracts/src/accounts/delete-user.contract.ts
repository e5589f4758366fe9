import { z } from 'zod';
import { as } from '../core/phantom.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { defineRpc } from '../core/rpc-contract.js';
import { Actor } from './self-user.js';
import { PasswordField, UserSelector } from './user-fields.js';

/**
 * `POST /api/v1/users.delete` and DDP `deleteUser(userId, confirmRelinquish)` (needs `delete-user`): the rooms the user
 * alone owns are handed over (only with `confirmRelinquish`, else `user-last-owner`), the user leaves every room
 * (core's `rooms.removeUserEverywhere`) and is deleted; the last administrator cannot be. `checkedBy`: the route's
 * refusals (403 `unauthorized`, then `getUserFromParams`' texts) or the method's (`Not allowed
 * [error-not-allowed]`, `Invalid user to delete [error-invalid-user]`).
 */
export const DeleteUserRequest = z.strictObject({
  actor: Actor,
  // Neither: Rocket.Chat's `error-user-param-not-provided`, after the permission check (the service's).
  ...UserSelector,
  confirmRelinquish: z.boolean().optional(),
  checkedBy: z.enum(['route', 'method']).default('route'),
});
export type DeleteUserRequest = z.infer<typeof DeleteUserRequest>;

export const accountsDeleteUser = defineRpc({
  subject: 'accounts.deleteUser',
  request: DeleteUserRequest,
  response: as<{ ok: true }>(),
  timeoutMs: 20_000,
})
  .post('users.delete', {
    request: ({ body, actor }) => ({
      actor,
      userId: body.userId,
      username: body.username,
      confirmRelinquish: body.confirmRelinquish,
      checkedBy: 'route',
    }),
    reply: () => ({}),
  })
  .method('deleteUser', {
    request: ([userId, confirmRelinquish], { actor }) => {
      // The method's `check(userId, String)`.
      if (typeof userId !== 'string') throw new DomainError(ErrorCode.MatchFailed, 'Match failed');
      return { actor, userId, confirmRelinquish: confirmRelinquish ?? undefined, checkedBy: 'method' };
    },
    reply: () => true,
  });

/**
 * `POST /api/v1/users.deleteOwnAccount` and DDP `deleteUserOwnAccount(password, confirmRelinquish)`: one's own
 * account, when the setting `Accounts_AllowDeleteOwnAccount` (off by default)
 * allows it, confirmed with the password (its SHA-256 hex digest as Rocket.Chat's clients send it, or plain; a
 * user without a password types the SHA-256 of their username, as in Rocket.Chat).
 */
export const DeleteOwnAccountRequest = z.strictObject({
  actor: Actor,
  password: PasswordField,
  confirmRelinquish: z.boolean().optional(),
});
export type DeleteOwnAccountRequest = z.infer<typeof DeleteOwnAccountRequest>;

export const accountsDeleteOwnAccount = defineRpc({
  subject: 'accounts.deleteOwnAccount',
  request: DeleteOwnAccountRequest,
  response: as<{ ok: true }>(),
  timeoutMs: 20_000,
})
  .post('users.deleteOwnAccount', {
    request: ({ body, actor }) => {
      // Rocket.Chat's route asks for the password before anything else, in its own words.
      if (!body.password) throw new DomainError(ErrorCode.PlainFailure, 'Body parameter "password" is required.');
      return { actor, password: body.password, confirmRelinquish: body.confirmRelinquish };
    },
    reply: () => ({}),
  })
  .method('deleteUserOwnAccount', {
    request: ([password, confirmRelinquish], { actor }) => {
      // The method's `check(password, String)`.
      if (typeof password !== 'string') throw new DomainError(ErrorCode.MatchFailed, 'Match failed');
      return { actor, password, confirmRelinquish: confirmRelinquish ?? undefined };
    },
    reply: () => true,
  });
