import { z } from 'zod';
import type { IUser } from '../typings/user.js';

/**
 * The user as they see themselves (`/me`, login): everything but `services`, of which only whether a password
 * is set (Rocket.Chat's `services.password.exists`, which clients read to offer a password change).
 */
export type SelfUser = Omit<IUser, 'services'> & {
  services?: { password: { exists: boolean }; totp?: { enabled: true }; email2fa?: { enabled: boolean } };
};

/**
 * Who is asking: resolved by the gateway from the request's credentials and passed to every service call,
 * where the service checks what this user may do.
 */
export const Actor = z.strictObject({
  userId: z.string().min(1).max(64),
  username: z.string().max(64),
});
export type Actor = z.infer<typeof Actor>;

/**
 * A user as another user sees it (users.info, users.list, users.create, …): never `services`; `emails`,
 * `roles`, `lastLogin` and the like only for the user themselves or a holder of `view-full-other-user-info`.
 */
export type UserView = Partial<Omit<IUser, 'services'>> & {
  _id: string;
  /** users.info: whether the caller sees every field (Rocket.Chat's `canViewAllInfo`). */
  canViewAllInfo?: boolean;
  /** users.info of oneself: whether a password is set (Rocket.Chat replaces the hash with `true`). */
  services?: { password?: true };
  /** users.info with `includeUserRooms`: the user's subscriptions, in brief. */
  rooms?: Array<{ _id: string; rid: string; name: string; t: string; roles?: string[]; unread: number }>;
};
