import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField } from '../rooms/common-fields.js';
import { UsernameField } from './user-fields.js';

/**
 * Rocket.Chat's `setUsername` method: one's own username (the setup wizard's administrator step sends it right
 * after logging in, with the name just registered). Unlike `users.updateOwnBasicInfo` it asks for no password:
 * Rocket.Chat guards it with `Accounts_AllowUsernameChange` (on by default, not configurable here yet). Answers
 * the username; the same name again changes nothing.
 */
export const accountsSetUsername = defineRpc({
  subject: 'accounts.setUsername',
  request: z.strictObject({ actor: ActorField, username: UsernameField }),
  response: as<{ username: string }>(),
  // A new name: core renames its copies (rooms.renameUser), up to 30 s.
  timeoutMs: 45_000,
}).method('setUsername', { request: ([username], { actor }) => ({ actor, username }), reply: ({ username }) => username });
