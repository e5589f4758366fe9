import { z } from 'zod';
import { Actor } from '../accounts/self-user.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

const text = z.string().max(256);

/**
 * `GET /api/v1/shield.svg` (Rocket.Chat's badge for web pages, `API_Enable_Shields`): the query as its validator
 * takes it (`name` and `channel` required, `type` among `API_Shield_Types`, `icon` `'true'`/`'false'`), plus the
 * user of a `user` shield (`userId` or `username`). Core draws the SVG; the gateway sends it as an image.
 */
export const settingsShield = defineRpc({
  subject: 'settings.shield',
  request: z.strictObject({
    actor: Actor.optional(),
    name: text,
    channel: text,
    type: text.optional(),
    icon: z.enum(['true', 'false']).optional(),
    userId: text.optional(),
    username: text.optional(),
  }),
  response: as<{ svg: string }>(),
});
