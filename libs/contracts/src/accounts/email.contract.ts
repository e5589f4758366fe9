import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { LoginPassword, type LoginResult } from './login.contract.js';
import { Actor } from './self-user.js';

const Address = z.string().trim().min(1).max(256);
/** A reset or verification token as sent in the e-mail's link (43 URL-safe characters). */
const EmailToken = z.string().min(1).max(256);
const ClientAddress = z.string().max(64).optional();

/**
 * Rocket.Chat's "forgot password" (`POST users.forgotPassword` `{email}`, DDP `sendForgotPasswordEmail(to)`):
 * the address's user gets a reset link by e-mail. Always a success once the mail server answers, whether
 * the address exists or not (nothing reveals which addresses have accounts); an unreachable or refusing mail
 * server, or none configured, is `error-email-send-failed` for every address alike.
 */
export const accountsForgotPassword = defineRpc({
  subject: 'accounts.forgotPassword',
  request: z.strictObject({ email: Address, clientAddress: ClientAddress }),
  response: as<{ ok: true }>(),
  timeoutMs: 20_000,
})
  .post('users.forgotPassword', {
    auth: 'none',
    request: ({ body, caller }) => {
      if (!body.email) throw new DomainError(ErrorCode.PlainFailure, "The 'email' param is required");
      return { email: body.email, clientAddress: caller.clientAddress };
    },
    reply: () => ({}),
  })
  .method('sendForgotPasswordEmail', {
    auth: 'optional',
    request: ([to], { clientAddress }) => ({ email: to, clientAddress }),
    reply: () => true,
  });

/**
 * Meteor's `resetPassword(token, newPassword)`: the token of the e-mailed link (single use, expiring) sets a
 * new password, marks the address it was sent to verified, ends every other session and logs the user in.
 * Served to the gateway's hand-written DDP method (it logs the connection in), so it has no face here.
 */
export const ResetPasswordRequest = z.strictObject({ token: EmailToken, password: LoginPassword, clientAddress: ClientAddress });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

export const accountsResetPassword = defineRpc({
  subject: 'accounts.resetPassword',
  request: ResetPasswordRequest,
  response: as<LoginResult>(),
  timeoutMs: 20_000,
});

/**
 * Rocket.Chat's `users.sendConfirmationEmail` `{email}` (one of the caller's own addresses, not yet
 * verified) and the login page's DDP `sendConfirmationEmail(to)`, which needs no login: for an anonymous
 * caller it answers `true` whether the address exists or not.
 */
export const accountsSendConfirmationEmail = defineRpc({
  subject: 'accounts.sendConfirmationEmail',
  request: z.strictObject({ actor: Actor.optional(), email: Address, clientAddress: ClientAddress }),
  response: as<{ ok: true }>(),
  timeoutMs: 20_000,
})
  .post('users.sendConfirmationEmail', {
    request: ({ body, actor, caller }) => ({ actor, email: body.email, clientAddress: caller.clientAddress }),
    reply: () => ({}),
  })
  .method('sendConfirmationEmail', {
    auth: 'optional',
    request: ([to], { actor, clientAddress }) => ({ actor, email: to, clientAddress }),
    reply: () => true,
  });

/**
 * Meteor's `verifyEmail(token)`: the token of the e-mailed link marks its address verified (`emails.$.verified`),
 * is spent, and logs the user in. Served to the gateway's hand-written DDP method.
 */
export const accountsVerifyEmail = defineRpc({
  subject: 'accounts.verifyEmail',
  request: z.strictObject({ token: EmailToken, clientAddress: ClientAddress }),
  response: as<LoginResult>(),
});

/**
 * The e-mail second factor (Rocket.Chat's `users.2fa.*`): `sendEmailCode` mails a code to the user named (or
 * the caller) — a success whether that user exists or not; `enableEmail` needs every address verified and logs
 * out the caller's other clients; `disableEmail` asks for the second factor every time.
 */
export const accountsSendEmailCode = defineRpc({
  subject: 'accounts.sendEmailCode',
  request: z.strictObject({ actor: Actor.optional(), emailOrUsername: z.string().trim().min(1).max(256) }),
  response: as<{ ok: true }>(),
  timeoutMs: 20_000,
}).post('users.2fa.sendEmailCode', {
  auth: 'optional',
  request: ({ body, actor }) => ({ actor, emailOrUsername: body.emailOrUsername }),
  reply: () => ({}),
});

export const accountsEnableEmail2fa = defineRpc({
  subject: 'accounts.enableEmail2fa',
  request: z.strictObject({ actor: Actor, authToken: z.string().min(1).max(256).optional() }),
  response: as<{ ok: true }>(),
}).post('users.2fa.enableEmail', {
  request: ({ actor, caller }) => ({ actor, authToken: caller.authToken }),
  reply: () => ({}),
});

export const accountsDisableEmail2fa = defineRpc({
  subject: 'accounts.disableEmail2fa',
  request: z.strictObject({ actor: Actor }),
  response: as<{ ok: true }>(),
  twoFactor: { disableRememberMe: true },
}).post('users.2fa.disableEmail', { request: ({ actor }) => ({ actor }), reply: () => ({}) });
