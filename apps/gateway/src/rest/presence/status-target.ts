import type { Actor } from '@rc/contracts';

/**
 * Rocket.Chat's `isUserFromParams` / `getUserFromParams`: no `userId`/`username`/`user` (or the caller's own)
 * means the caller; otherwise the named user. Values are passed on as received, for the contract to refuse
 * anything that is not a string.
 */
export function statusTargetOf(params: Record<string, unknown>, actor: Actor): { userId: unknown } | { username: unknown } | undefined {
  const { userId, username, user } = params;
  if (userId !== undefined && userId !== actor.userId) return { userId };
  if (username !== undefined && username !== actor.username) return { username };
  if (user !== undefined && user !== actor.username) return { username: user };
  return undefined;
}
