import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';

/**
 * Broadcast after roles or permissions change, so every authorization instance drops its cache.
 * Keys: `permissions`, `roles`, or `user` (a user's global roles changed).
 */
export const authorizationChangedEvent = defineEvent({
  name: 'authorization.changed',
  payload: as<{ permissionId?: string; roleId?: string; userId?: string }>(),
});
