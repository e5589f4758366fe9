import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { UserStatus } from '../typings/user.js';
import { UserStatusSchema } from './presence-status.js';

const id = z.string().min(1).max(64);

/** Whose status: the caller's own when absent; another user's needs `edit-other-user-info`. */
export const StatusTarget = z.union([z.strictObject({ userId: id }), z.strictObject({ username: z.string().min(1).max(256) })]);

/**
 * Rocket.Chat's `setUserStatus` / `UserPresence:setDefaultStatus` / `users.setStatus`: the status the user
 * chose (kept while any connection is open) and an optional status text. At least one of them.
 */
export const presenceSetStatus = defineRpc({
  subject: 'presence.setStatus',
  request: z
    .strictObject({
      actorId: id,
      target: StatusTarget.optional(),
      status: UserStatusSchema.optional(),
      statusText: z.string().max(1024).optional(),
    })
    .refine((r) => r.status !== undefined || r.statusText !== undefined, 'status or statusText is required'),
  response: as<{ ok: true }>(),
});

/** `users.getStatus`: one's own status with the connection status, or another user's status. */
export const presenceGetStatus = defineRpc({
  subject: 'presence.getStatus',
  request: z.strictObject({ actorId: id, target: StatusTarget.optional() }),
  response: as<{ _id: string; status: UserStatus; connectionStatus?: UserStatus }>(),
});

/** Who is not offline (`users.presence`): the users given, or everyone. */
export interface PresenceUser {
  _id: string;
  username?: string;
  name?: string;
  status?: UserStatus;
  statusText?: string;
  utcOffset?: number;
  avatarETag?: string;
}

export const presenceListUsers = defineRpc({
  subject: 'presence.listUsers',
  request: z.strictObject({ ids: z.array(id).max(1000).optional() }),
  response: as<{ users: PresenceUser[]; full: boolean }>(),
});
