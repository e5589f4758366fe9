import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { Actor } from '../accounts/self-user.js';
import type { Params } from '../core/binding.js';
import { splitList } from '../core/wire-params.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
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
}).post('users.setStatus', {
  // `{status?, message?}` for oneself, or for another user (`userId`/`username`/`user`, with `edit-other-user-info`).
  request: ({ body, actor }) => {
    if (body.status !== undefined && !UserStatusSchema.safeParse(body.status).success) {
      throw new DomainError(ErrorCode.InvalidStatus, 'Valid status types include online, away, offline, and busy.');
    }
    return { actorId: actor.userId, target: statusTargetOf(body, actor), status: body.status, statusText: body.message };
  },
  reply: () => ({}),
});

/** `users.getStatus`: one's own status with the connection status, or another user's status. */
export const presenceGetStatus = defineRpc({
  subject: 'presence.getStatus',
  request: z.strictObject({ actorId: id, target: StatusTarget.optional() }),
  response: as<{ _id: string; status: UserStatus; connectionStatus?: UserStatus }>(),
})
  .get('users.getStatus', {
    // `?userId=` / `?username=` / `?user=` (another user's status) or nothing (one's own, with connectionStatus).
    request: ({ query, actor }) => ({ actorId: actor.userId, target: statusTargetOf(query, actor) }),
  })
  // The same question in Rocket.Chat's older shape: `{presence}`, and `connectionStatus` for oneself.
  .get('users.getPresence', {
    request: ({ query, actor }) => ({ actorId: actor.userId, target: statusTargetOf(query, actor) }),
    reply: ({ status, connectionStatus }) => ({ presence: status, ...(connectionStatus && { connectionStatus }) }),
  });

/**
 * Rocket.Chat's `isUserFromParams` / `getUserFromParams`: no `userId`/`username`/`user` (or the caller's own)
 * means the caller; otherwise the named user, passed on as received for the schema to refuse non-strings.
 */
function statusTargetOf(params: Params, actor: Actor): { userId: unknown } | { username: unknown } | undefined {
  const { userId, username, user } = params;
  if (userId !== undefined && userId !== actor.userId) return { userId };
  if (username !== undefined && username !== actor.username) return { username };
  if (user !== undefined && user !== actor.username) return { username: user };
  return undefined;
}

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
}).get('users.presence', {
  // `?ids=a,b` (who of them is not offline) or nothing (everyone not offline, `full: true`).
  request: ({ query }) => ({ ids: typeof query.ids === 'string' ? splitList(query.ids) : query.ids }),
});
