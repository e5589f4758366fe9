import { z } from 'zod';
import { Actor } from '../accounts/self-user.js';
import { RoleIdField, UserIdField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/**
 * Replaces a user's global roles (users.update's `roles`): the authorization service writes `users.roles`
 * and announces the change. Needs `assign-roles` (`admin` also `assign-admin-role`); the last administrator
 * stays one. Answers the roles added and removed (none when nothing changed).
 */
export const SetUserRolesRequest = z.strictObject({
  actor: Actor,
  userId: UserIdField,
  roles: z.array(RoleIdField).max(100),
});

export const authorizationSetUserRoles = defineRpc({
  subject: 'authorization.setUserRoles',
  request: SetUserRolesRequest,
  response: as<{ added: string[]; removed: string[] }>(),
});
