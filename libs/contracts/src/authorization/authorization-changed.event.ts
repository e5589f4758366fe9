import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';

/** The routing keys of `authorizationChangedEvent`: what kind of thing changed. */
export const AuthorizationChange = {
  /** A permission's roles changed. */
  permissions: 'permissions',
  /** A role was created, changed or deleted. */
  roles: 'roles',
  /** A user's roles (global or in a room) changed. */
  user: 'user',
} as const;
export type AuthorizationChange = (typeof AuthorizationChange)[keyof typeof AuthorizationChange];

/**
 * Broadcast after roles or permissions change, so that every authorization instance drops what it holds in
 * memory. Published by whoever wrote the change (authorization, or accounts when it sets a user's roles).
 */
export const authorizationChangedEvent = defineEvent({
  name: 'authorization.changed',
  payload: as<{ permissionId?: string; roleId?: string; userId?: string }>(),
});
