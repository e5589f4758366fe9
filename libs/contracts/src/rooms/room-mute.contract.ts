import { z } from 'zod';
import { UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields } from '../core/wire-params.js';
import { ActorField, EntityIdField } from './common-fields.js';

/**
 * Rocket.Chat's `muteUserInRoom` / `unmuteUserInRoom` (`{rid, username}`, permission `mute-user` in the room):
 * a muted member's messages are refused; in a read-only room, unmuting lets them post. Also what `/mute` and
 * `/unmute` do.
 */
export const roomsMuteUser = defineRpc({
  subject: 'rooms.muteUser',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, username: UsernameField, muted: z.boolean() }),
  response: as<{ ok: true }>(),
})
  .method('muteUserInRoom', {
    request: ([data], { actor }) => ({ actor, rid: fields(data).rid, username: fields(data).username, muted: true }),
    reply: () => true,
  })
  .method('unmuteUserInRoom', {
    request: ([data], { actor }) => ({ actor, rid: fields(data).rid, username: fields(data).username, muted: false }),
    reply: () => true,
  });
