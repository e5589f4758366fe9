import type { IUser, SelfUser } from '@rc/contracts';

/**
 * The user without secrets: of `services`, only whether a password is set and whether TOTP is on (Rocket.Chat's
 * `getUserInfo`) ever leave the accounts service.
 */
export function toSelfUser(user: IUser): SelfUser {
  const { services, ...self } = user;
  if (!services) return self;
  return {
    ...self,
    services: {
      password: { exists: Boolean(services.password?.bcrypt) },
      ...(services.totp?.enabled === true && { totp: { enabled: true } }),
    },
  };
}
