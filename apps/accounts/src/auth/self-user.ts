import type { IUser, SelfUser } from '@rc/contracts';

/** The user without secrets: nothing under `services` ever leaves the accounts service. */
export function toSelfUser(user: IUser): SelfUser {
  const { services: _services, ...self } = user;
  return self;
}
