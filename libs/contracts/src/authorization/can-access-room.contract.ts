import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/**
 * Rocket.Chat's canAccessRoom: may this user read this room (public channel with `view-c-room`, or a
 * member of a private group / direct message, …). Unknown rooms and users: false.
 */
export const CanAccessRoomRequest = z.strictObject({
  userId: z.string().min(1).max(64),
  roomId: z.string().min(1).max(64),
});

export const authorizationCanAccessRoom = defineRpc({
  subject: 'authorization.canAccessRoom',
  request: CanAccessRoomRequest,
  response: as<boolean>(),
});
