import type { IUser, SelfUser } from '@rc/contracts';

/** The user without secrets: of `services`, only whether a password is set (and the e-mail second factor is on) leaves the accounts service. */
export function toSelfUser(user: IUser): SelfUser {
  const { services, ...self } = user;
  if (!services) return self;
  // Rocket.Chat's default user fields also carry whether the e-mail second factor is on (the account page's switch).
  const email2fa = services.email2fa as { enabled?: boolean } | undefined;
  return {
    ...self,
    services: {
      password: { exists: Boolean(services.password?.bcrypt) },
      ...(email2fa && { email2fa: { enabled: email2fa.enabled === true } }),
    },
  };
}
