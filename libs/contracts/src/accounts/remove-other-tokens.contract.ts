import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { LogoutRequest } from './logout.contract.js';

/**
 * Rocket.Chat's `removeOtherTokens` (Meteor's `logoutOtherClients`; what "log out other clients" calls) and
 * its REST twin `users.removeOtherTokens`: every login token of the user but the caller's goes, the sockets
 * that used them closing on every gateway; personal access tokens stay.
 */
export const accountsRemoveOtherTokens = defineRpc({
  subject: 'accounts.removeOtherTokens',
  request: LogoutRequest,
  response: as<{ ok: true }>(),
})
  .post('users.removeOtherTokens', {
    request: ({ actor, caller }) => ({ userId: actor.userId, token: caller.authToken }),
    reply: () => ({}),
  })
  .method('removeOtherTokens', {
    request: (_args, { actor, authToken }) => ({ userId: actor.userId, token: authToken }),
    reply: () => undefined,
  });

/**
 * `users.logoutOtherClients` (Rocket.Chat 7's Profile › "Log out other locations", and after enabling TOTP): the same,
 * refused with `error-invalid-user-id` when no other client was logged in, and answering the caller's token with its
 * expiry (ISO; empty for a token without a login date).
 */
export const accountsLogoutOtherClients = defineRpc({
  subject: 'accounts.logoutOtherClients',
  request: LogoutRequest,
  response: as<{ token: string; tokenExpires: string }>(),
}).post('users.logoutOtherClients', { request: ({ actor, caller }) => ({ userId: actor.userId, token: caller.authToken }) });
