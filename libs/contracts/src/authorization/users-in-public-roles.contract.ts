import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/** A user and the public global roles they hold. */
export interface UserPublicRoles {
  _id: string;
  username?: string;
  roles: string[];
}

/**
 * Rocket.Chat's `getUserRoles` method: the users holding the roles clients show beside names — global roles
 * (scope `Users`) that have a description — each with only those roles.
 */
export const authorizationUsersInPublicRoles = defineRpc({
  subject: 'authorization.usersInPublicRoles',
  request: z.strictObject({}),
  response: as<UserPublicRoles[]>(),
})
  .method('getUserRoles', { request: () => ({}) })
  /** `roles.getUsersInPublicRoles` (Rocket.Chat 6.5+; the mobile app's call at login) → `{ users }`. */
  .get('roles.getUsersInPublicRoles', { request: () => ({}), reply: (users) => ({ users }) });
