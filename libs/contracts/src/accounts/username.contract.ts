import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField } from '../rooms/common-fields.js';

/**
 * `users.checkUsernameAvailability?username=`: `{result}`, whether the caller could take that username (their
 * own counts as available; refused with `error-not-allowed` when usernames may not change).
 */
export const accountsCheckUsernameAvailability = defineRpc({
  subject: 'accounts.checkUsernameAvailability',
  request: z.strictObject({ actor: ActorField, username: z.string().max(64) }),
  response: as<boolean>(),
}).get('users.checkUsernameAvailability', {
  request: ({ query, actor }) => ({ actor, username: query.username }),
  reply: (result) => ({ result }),
});

/**
 * `users.getUsernameSuggestion` (`{result}`) and Meteor `getUsernameSuggestion`: a free username made from the
 * caller's name or verified e-mail addresses, or Rocket.Chat's numbered fallback (`<first>-<n>`).
 */
export const accountsUsernameSuggestion = defineRpc({
  subject: 'accounts.usernameSuggestion',
  request: z.strictObject({ actor: ActorField }),
  response: as<string>(),
})
  .get('users.getUsernameSuggestion', { request: ({ actor }) => ({ actor }), reply: (result) => ({ result }) })
  .method('getUsernameSuggestion', { request: (_args, { actor }) => ({ actor }) });
