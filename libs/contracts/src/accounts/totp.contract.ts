import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { Actor } from './self-user.js';

/**
 * Two-factor authentication by TOTP (an authenticator app), as Rocket.Chat 7: the REST routes of its current
 * typings (`users.enableTotp`, …) and the DDP methods older clients call (`2fa:enable`, …). The user's state is
 * Rocket.Chat's `services.totp` `{ enabled, secret, tempSecret, hashedBackup }`; backup codes are stored as
 * SHA-256 hex digests and are single-use. Enabling and confirming re-authenticate the caller first (`twoFactor`,
 * as Rocket.Chat's routes do since a hijacked session could otherwise enrol its own device).
 */
const Code = z.string().trim().min(1).max(64);

export const accountsEnableTotp = defineRpc({
  subject: 'accounts.totp.enable',
  request: z.strictObject({ actor: Actor }),
  /** The new secret (base32) and its `otpauth://` URL for the QR code; pending until confirmed. */
  response: as<{ secret: string; url: string }>(),
  twoFactor: {},
})
  .post('users.enableTotp', { request: ({ actor }) => ({ actor }) })
  .method('2fa:enable', { request: (_args, { actor }) => ({ actor }) });

export const ValidateTotpRequest = z.strictObject({
  actor: Actor,
  code: Code,
  /** The caller's login token: it stays, every other login token of the user goes (not personal access tokens). */
  authToken: z.string().min(1).max(256).optional(),
});

export const accountsValidateTotp = defineRpc({
  subject: 'accounts.totp.validate',
  request: ValidateTotpRequest,
  /** The backup codes in clear: only this response ever carries them. */
  response: as<{ codes: string[] }>(),
  twoFactor: {},
})
  .post('users.validateTotp', { request: ({ body, actor, caller }) => ({ actor, code: body.code, authToken: caller.authToken }) })
  .method('2fa:validateTempToken', {
    request: ([code], { actor, authToken }) => ({ actor, code, authToken }),
  });

export const accountsDisableTotp = defineRpc({
  subject: 'accounts.totp.disable',
  request: z.strictObject({ actor: Actor, code: Code }),
  /** Whether it was turned off: false for a wrong code, or when it was not on. */
  response: as<{ disabled: boolean }>(),
})
  .post('users.disableTotp', { request: ({ body, actor }) => ({ actor, code: body.code }) })
  .method('2fa:disable', { request: ([code], { actor }) => ({ actor, code }), reply: ({ disabled }) => disabled });

export const accountsRegenerateTotpCodes = defineRpc({
  subject: 'accounts.totp.regenerateCodes',
  request: z.strictObject({ actor: Actor, code: Code }),
  response: as<{ codes: string[] }>(),
})
  .post('users.regenerateTotpCodes', { request: ({ body, actor }) => ({ actor, code: body.code }) })
  .method('2fa:regenerateCodes', { request: ([code], { actor }) => ({ actor, code }) });

export const accountsTotpCodesRemaining = defineRpc({
  subject: 'accounts.totp.codesRemaining',
  request: z.strictObject({ actor: Actor }),
  response: as<{ remaining: number }>(),
})
  .get('users.totpCodesRemaining', { request: ({ actor }) => ({ actor }) })
  .method('2fa:checkCodesRemaining', { request: (_args, { actor }) => ({ actor }) });

/**
 * Rocket.Chat's `users.resetTOTP`: without a user in the body, the caller's own TOTP; with `userId`, `username`
 * or `user` (an id or a username), another user's (permission `edit-other-user-totp`, two-factor
 * authentication on), who is told by e-mail first. Either way TOTP is removed and every session of the user ends.
 */
export const accountsResetTotp = defineRpc({
  subject: 'accounts.totp.reset',
  request: z.strictObject({
    actor: Actor,
    /** The user named in the body, when one is (`userId`, else `username`, else `user`). */
    target: z
      .strictObject({ userId: z.string().min(1).max(64) })
      .or(z.strictObject({ username: z.string().min(1).max(120) }))
      .or(z.strictObject({ user: z.string().min(1).max(120) }))
      .optional(),
  }),
  response: as<{ ok: true }>(),
  twoFactor: { disableRememberMe: true },
}).post('users.resetTOTP', {
  request: ({ body, actor }) => ({ actor, target: targetOf(body) }),
  reply: () => ({}),
});

/** Rocket.Chat looks at whichever of the three keys the body has, even an empty one (then: invalid user). */
function targetOf(body: Record<string, unknown>) {
  if ('userId' in body) return { userId: body.userId as string };
  if ('username' in body) return { username: body.username as string };
  if ('user' in body) return { user: body.user as string };
  return undefined;
}
