import { createHash } from 'node:crypto';
import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';

/** How a login token is stored and named across services: SHA-256, base64 (Meteor's `Accounts._hashLoginToken`). */
export function hashLoginToken(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

export interface LoginTokensRevoked {
  userId: string;
  /** The hashes of the tokens that no longer exist. */
  hashedTokens: string[];
  /** Every session of the user ends, whatever its token (deactivation, deletion). */
  everySession: boolean;
  /** Tell the clients first with `<uid>/force_logout` on stream-notify-user (the user was logged out by someone else). */
  forceLogout: boolean;
}

/**
 * Broadcast by accounts once login tokens are removed from the database (logout, password change,
 * deactivation, deletion, personal access token removal), keyed by user id: every gateway closes the DDP
 * sockets that logged in with one of them.
 */
export const loginTokensRevokedEvent = defineEvent({
  name: 'accounts.loginTokensRevoked',
  payload: as<LoginTokensRevoked>(),
});
