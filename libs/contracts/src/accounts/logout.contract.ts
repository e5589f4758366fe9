import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/** Invalidates one login token: the one the caller used. */
export const LogoutRequest = z.strictObject({
  userId: z.string().min(1).max(64),
  token: z.string().min(1).max(256),
});

export const accountsLogout = defineRpc({
  subject: 'accounts.logout',
  request: LogoutRequest,
  response: as<{ ok: true }>(),
});
