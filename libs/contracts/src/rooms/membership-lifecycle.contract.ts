import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/** A new user joins the default rooms (`default: true`), as Rocket.Chat does at registration. Core implements. */
export const roomsJoinDefaultRooms = defineRpc({
  subject: 'rooms.joinDefaultRooms',
  request: z.strictObject({ userId: z.string().min(1).max(64) }),
  response: as<{ joined: string[] }>(),
});

/** A deleted user leaves every room (subscriptions removed, counts updated). Core implements. */
export const roomsRemoveUserEverywhere = defineRpc({
  subject: 'rooms.removeUserEverywhere',
  request: z.strictObject({ userId: z.string().min(1).max(64) }),
  response: as<{ left: number }>(),
});
