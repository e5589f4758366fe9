import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/**
 * Whether a user holds permissions: through their global roles, plus their room roles (owner, moderator,
 * leader) from the subscription when `roomId` is given. `mode: 'all'` needs every permission, `'any'` one.
 */
export const HasPermissionRequest = z.strictObject({
  userId: z.string().min(1).max(64),
  permissions: z.array(z.string().min(1).max(128)).min(1).max(50),
  roomId: z.string().min(1).max(64).optional(),
  mode: z.enum(['all', 'any']).default('all'),
});

export const authorizationHasPermission = defineRpc({
  subject: 'authorization.hasPermission',
  request: HasPermissionRequest,
  response: as<boolean>(),
});
