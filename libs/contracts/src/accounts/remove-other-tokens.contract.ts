import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { LogoutRequest } from './logout.contract.js';

/**
 * Rocket.Chat's `removeOtherTokens` (Meteor's `logoutOtherClients`): every login token of the user but the
 * caller's goes; personal access tokens stay.
 */
export const accountsRemoveOtherTokens = defineRpc({
  subject: 'accounts.removeOtherTokens',
  request: LogoutRequest,
  response: as<{ ok: true }>(),
});
