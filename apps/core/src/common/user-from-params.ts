import { DomainError, ErrorCode } from '@rc/contracts';
import type { RoomUser, UsersRepository } from '@rc/models';

/**
 * Rocket.Chat's `getUserFromParams`, which its `channels.*` / `groups.*` routes run after finding the room and before
 * the method they call (kick, the owner/moderator/leader routes): no user named is `error-user-param-not-provided`,
 * a user named that does not exist `error-invalid-user`, both before any permission check.
 */
export async function userFromParams(
  users: Pick<UsersRepository, 'findRoomUserByIdOrUsername'>,
  target: { userId?: string; username?: string },
): Promise<RoomUser> {
  if (!target.userId?.trim() && !target.username?.trim()) {
    throw new DomainError(ErrorCode.UserParamNotProvided, 'The required "userId" or "username" param was not provided');
  }
  const user = await users.findRoomUserByIdOrUsername(target);
  if (!user) throw new DomainError(ErrorCode.InvalidUser, 'The required "userId" or "username" param provided does not match any users');
  return user;
}
