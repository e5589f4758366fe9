import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField } from '../rooms/common-fields.js';

/**
 * Rocket.Chat's `userSetUtcOffset`, sent by the clients at start-up: the caller's UTC offset in hours (`5.5`),
 * shown to others beside the user's local time. A number or refused; an anonymous caller changes nothing
 * and gets no error, as in Rocket.Chat. Offsets beyond ±24 h are refused (Rocket.Chat takes any number).
 */
export const accountsSetUtcOffset = defineRpc({
  subject: 'accounts.setUtcOffset',
  request: z.strictObject({ actor: ActorField.optional(), utcOffset: z.number().min(-24).max(24) }),
  response: as<{ ok: true }>(),
}).method('userSetUtcOffset', { auth: 'optional', request: ([utcOffset], { actor }) => ({ actor, utcOffset }), reply: () => undefined });
