import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/**
 * Re-authentication before a sensitive action (Rocket.Chat's `checkCodeForUser`): the gateway asks it for a
 * contract declared with `twoFactor`, passing the code the client sent (REST `x-2fa-code` / `x-2fa-method`
 * headers; DDP the method's extra last argument `{twoFactorCode, twoFactorMethod}`). Answers `ok`, or fails
 * with `totp-required` (no code; `details` name the method to use) or `totp-invalid` (a wrong code).
 */
export const CheckSecondFactorRequest = z.strictObject({
  userId: z.string().min(1).max(64),
  /** The caller's login token, whose entry remembers a successful check for this client. */
  authToken: z.string().min(1).max(256).optional(),
  code: z.string().min(1).max(1024).optional(),
  /** `password` today; issue 19 adds `totp` and `email`. */
  method: z.string().min(1).max(32).optional(),
  /** What identifies "this client" for the remember window: Rocket.Chat hashes the user agent and address. */
  client: z.strictObject({ address: z.string().max(256).optional(), userAgent: z.string().max(1024).optional() }),
  requireSecondFactor: z.boolean().optional(),
  disableRememberMe: z.boolean().optional(),
});
export type CheckSecondFactorRequest = z.infer<typeof CheckSecondFactorRequest>;

export const accountsCheckSecondFactor = defineRpc({
  subject: 'accounts.checkSecondFactor',
  request: CheckSecondFactorRequest,
  response: as<{ ok: true }>(),
});
