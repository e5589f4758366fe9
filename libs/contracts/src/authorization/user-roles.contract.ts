import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { IUser } from '../typings/user.js';

/**
 * A user's global roles and whether the account is active (null: no such user): what an app without the
 * database (the gateway) holds to check permissions in-process, until `authorization.changed` says otherwise.
 */
export const UserRolesRequest = z.strictObject({
  userId: z.string().min(1).max(64),
});

export const authorizationUserRoles = defineRpc({
  subject: 'authorization.userRoles',
  request: UserRolesRequest,
  response: as<Pick<IUser, '_id' | 'roles' | 'active'> | null>(),
});
