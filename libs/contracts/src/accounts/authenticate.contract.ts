import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { SelfUser } from './self-user.js';

/** Verifies the credentials of a REST request (`X-User-Id` + `X-Auth-Token`). */
export const AuthenticateRequest = z.strictObject({
  userId: z.string().min(1).max(64),
  token: z.string().min(1).max(256),
});

export const accountsAuthenticate = defineRpc({
  subject: 'accounts.authenticate',
  request: AuthenticateRequest,
  response: as<{ user: SelfUser }>(),
});
