import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { Actor } from './self-user.js';
import { UserIdField } from './user-fields.js';

const SetActiveStatusRequest = z.strictObject({
  actor: Actor,
  userId: UserIdField,
  active: z.boolean(),
  confirmRelinquish: z.boolean().optional(),
});

/**
 * Rocket.Chat's `users.setActiveStatus` (`{userId, activeStatus, confirmRelinquish?}`, answers `{user: {_id, active}}`):
 * needs `edit-other-user-active-status` (else `unauthorized`, 403); an unknown user is `User not found`; deactivating
 * ends every session of the user, never leaves the server without an active admin, and hands over the rooms the
 * user alone owns (the oldest other active member becomes an owner; private rooms left without one are erased) —
 * only with `confirmRelinquish`: otherwise `[user-last-owner]`, the rooms' names in `details`, nothing changed.
 */
export const accountsSetActiveStatus = defineRpc({
  subject: 'accounts.setActiveStatus',
  request: SetActiveStatusRequest,
  response: as<{ user?: { _id: string; active: boolean } }>(),
}).post('users.setActiveStatus', {
  request: ({ body, actor }) => ({ actor, userId: body.userId, active: body.activeStatus, confirmRelinquish: body.confirmRelinquish }),
});

/**
 * DDP `setUserActiveStatus(userId, active, confirmRelinquish)`: the same, answering `true`; without the permission
 * Rocket.Chat's method says `error-not-allowed`, and of an unknown user it answers `true` having changed nothing
 * (its own contract: the faces differ in those answers).
 */
export const accountsSetUserActiveStatus = defineRpc({
  subject: 'accounts.setUserActiveStatus',
  request: SetActiveStatusRequest,
  response: as<{ user?: { _id: string; active: boolean } }>(),
}).method('setUserActiveStatus', {
  request: ([userId, active, confirmRelinquish], { actor }) => ({
    actor,
    userId,
    active,
    confirmRelinquish: confirmRelinquish ?? undefined,
  }),
  reply: () => true,
});

/**
 * Rocket.Chat's `users.logout`: every login token of the caller, or of `userId` (needs `logout-other-user`),
 * goes; their sockets close on every gateway. Answers `{message: 'User <id> has been logged out!'}`.
 */
export const accountsLogoutUser = defineRpc({
  subject: 'accounts.logoutUser',
  request: z.strictObject({ actor: Actor, userId: UserIdField }),
  response: as<{ message: string }>(),
}).post('users.logout', {
  request: ({ body, actor }) => ({ actor, userId: body.userId ?? actor.userId }),
});

/** Rocket.Chat's password policy as its clients show it: each rule in force, with its parameter. */
export interface PasswordPolicyView {
  enabled: boolean;
  policy: Array<[string] | [string, Record<string, number>]>;
}

/** `GET pw.getPolicy` (logged in) and `GET pw.getPolicyReset?token=` (a valid reset token instead). */
export const accountsPasswordPolicy = defineRpc({
  subject: 'accounts.passwordPolicy',
  request: z.strictObject({ resetToken: z.string().min(1).max(256).optional() }),
  response: as<PasswordPolicyView>(),
})
  .get('pw.getPolicy', { request: () => ({ resetToken: undefined }) })
  .get('pw.getPolicyReset', {
    auth: 'none',
    request: ({ query }) => {
      if (query.token === undefined) throw new DomainError(ErrorCode.InvalidParams, "must have required property 'token'");
      return { resetToken: query.token };
    },
  });

/**
 * Rocket.Chat's `users.deactivateIdle` (`{daysIdle, role = 'user'}`, needs `edit-other-user-active-status`): every
 * active holder of the role whose last login is `daysIdle` days old or older is deactivated; answers `{count}`.
 */
export const accountsDeactivateIdle = defineRpc({
  subject: 'accounts.deactivateIdle',
  request: z.strictObject({ actor: Actor, daysIdle: z.number().min(0).max(100_000), role: z.string().min(1).max(128) }),
  response: as<{ count: number }>(),
}).post('users.deactivateIdle', {
  request: ({ body, actor }) => ({ actor, daysIdle: body.daysIdle, role: body.role ?? 'user' }),
});
