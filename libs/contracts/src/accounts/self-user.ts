import type { IUser } from '../typings/user.js';

/** The user as they see themselves (`/me`, login): everything but `services`. */
export type SelfUser = Omit<IUser, 'services'>;

/** Who is asking: resolved by the gateway from the request's credentials, passed to every service call. */
export interface Actor {
  userId: string;
  username: string;
}
