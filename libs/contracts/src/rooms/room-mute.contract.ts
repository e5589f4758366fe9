import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields } from '../core/wire-params.js';
import type { Params } from '../core/binding.js';
import { ActorField, EntityIdField, UserSelectorFields } from './common-fields.js';

/** `rooms.muteUser` / `rooms.unmuteUser`: `{roomId, userId | username}`. */
const restMute = (body: Params, muted: boolean) => ({ rid: body.roomId, userId: body.userId, username: body.username, muted });
/** `muteUserInRoom` / `unmuteUserInRoom`: `{rid, username}`. */
const ddpMute = (data: unknown, muted: boolean) => ({ rid: fields(data).rid, userId: undefined, username: fields(data).username, muted });

/**
 * Rocket.Chat's `rooms.muteUser` / `rooms.unmuteUser` and `muteUserInRoom` / `unmuteUserInRoom` (permission
 * `mute-user` in the room): a muted member's messages are refused; in a read-only room, unmuting lets them
 * post. Also what `/mute` and `/unmute` do.
 */
export const roomsMuteUser = defineRpc({
  subject: 'rooms.muteUser',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, ...UserSelectorFields, muted: z.boolean() }),
  response: as<{ ok: true }>(),
})
  .post('rooms.muteUser', { request: ({ body, actor }) => ({ actor, ...restMute(body, true) }), reply: () => ({}) })
  .post('rooms.unmuteUser', { request: ({ body, actor }) => ({ actor, ...restMute(body, false) }), reply: () => ({}) })
  .method('muteUserInRoom', { request: ([data], { actor }) => ({ actor, ...ddpMute(data, true) }), reply: () => true })
  .method('unmuteUserInRoom', { request: ([data], { actor }) => ({ actor, ...ddpMute(data, false) }), reply: () => true });
