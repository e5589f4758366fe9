import type { IUser, UserRef } from '@rc/contracts';

/** The `u` stored in rooms, subscriptions and messages. */
export function toUserRef(user: Pick<IUser, '_id' | 'username' | 'name'>): UserRef {
  return { _id: user._id, username: user.username ?? '', ...(user.name !== undefined && { name: user.name }) };
}
