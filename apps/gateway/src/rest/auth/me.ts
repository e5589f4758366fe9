import type { SelfUser } from '@rc/contracts';

/** Rocket.Chat's `getUserInfo`: the user plus `email` (the first address) and default preferences. */
export function toMe(user: SelfUser) {
  const verified = user.emails?.find((e) => e.verified) ?? user.emails?.[0];
  return {
    ...user,
    ...(verified && { email: verified.address }),
    settings: { ...user.settings, preferences: { ...user.settings?.preferences } },
    avatarUrl: `/avatar/${user.username ?? user._id}`,
  };
}
