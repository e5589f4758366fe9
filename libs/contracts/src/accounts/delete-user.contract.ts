import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { Actor } from './self-user.js';
import { UserSelector } from './user-fields.js';

/**
 * `POST /api/v1/users.delete` (needs `delete-user`): the user leaves every room (core's
 * `rooms.removeUserEverywhere`) and is deleted; the last administrator cannot be.
 */
export const DeleteUserRequest = z
  .strictObject({
    actor: Actor,
    ...UserSelector,
    confirmRelinquish: z.boolean().optional(),
  })
  .refine((r) => r.userId !== undefined || r.username !== undefined, {
    message: 'The required "userId" or "username" param was not provided',
  });
export type DeleteUserRequest = z.infer<typeof DeleteUserRequest>;

export const accountsDeleteUser = defineRpc({
  subject: 'accounts.deleteUser',
  request: DeleteUserRequest,
  response: as<{ ok: true }>(),
  timeoutMs: 20_000,
}).post('users.delete', {
  request: ({ body, actor }) => ({ actor, userId: body.userId, username: body.username, confirmRelinquish: body.confirmRelinquish }),
  reply: () => ({}),
});
