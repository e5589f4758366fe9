import type { IUser, SelfUser } from '@rc/contracts';

/**
 * The user without secrets: of `services`, only whether a password is set, whether TOTP is on and whether the
 * e-mail second factor is on (Rocket.Chat's `getUserInfo`, the account page's switches) leave the accounts service;
 * with the server's default preferences, `settings.preferences` holds every preference key.
 */
export function toSelfUser(user: IUser, defaultPreferences?: Record<string, unknown>): SelfUser {
  const { services, ...withOwnPreferences } = user;
  // The server's default preferences under the user's own (Rocket.Chat's `getUserInfo`).
  const self = defaultPreferences
    ? {
        ...withOwnPreferences,
        settings: { ...user.settings, preferences: { ...defaultPreferences, ...user.settings?.preferences } },
      }
    : withOwnPreferences;
  if (!services) return self;
  const email2fa = services.email2fa as { enabled?: boolean } | undefined;
  return {
    ...self,
    services: {
      password: { exists: Boolean(services.password?.bcrypt) },
      ...(services.totp?.enabled === true && { totp: { enabled: true } }),
      ...(email2fa && { email2fa: { enabled: email2fa.enabled === true } }),
    },
  };
}
