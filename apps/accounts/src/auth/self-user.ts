import type { IUser, SelfUser } from '@rc/contracts';

/** The user without secrets: of `services`, only whether a password is set ever leaves the accounts service. */
export function toSelfUser(user: IUser): SelfUser {
  const { services, ...self } = user;
  return services ? { ...self, services: { password: { exists: Boolean(services.password?.bcrypt) } } } : self;
}
