import type { SelfUser } from '@rc/contracts';

/**
 * The user fields `/me` and the login answer carry: Rocket.Chat's `getDefaultUserFields` projection (its
 * response schema admits nothing else, so a client can rely on the shape). `_id` and `services` are added
 * apart; `settings` is rebuilt.
 */
const ME_FIELDS = [
  'name',
  'username',
  'nickname',
  'emails',
  'status',
  'statusDefault',
  'statusText',
  'statusConnection',
  'bio',
  'avatarOrigin',
  'utcOffset',
  'language',
  'enableAutoAway',
  'idleTimeLimit',
  'roles',
  'active',
  'defaultRoom',
  'customFields',
  'requirePasswordChange',
  'requirePasswordChangeReason',
  'statusLivechat',
  'banners',
  'oauth',
  '_updatedAt',
  'avatarETag',
  'openBusinessHours',
] as const;

/**
 * Rocket.Chat's `getUserInfo`: the user's own fields, `email` (the first verified address), the settings
 * (`profile`, `preferences`, `calendar`: no calendar integration here), the avatar's URL, and whether the
 * account came from OAuth (never, here).
 */
export function toMe(user: SelfUser) {
  const fields = user as unknown as Record<string, unknown>;
  const verified = user.emails?.find((e) => e.verified);
  return {
    _id: user._id,
    ...Object.fromEntries(ME_FIELDS.filter((field) => fields[field] !== undefined).map((field) => [field, fields[field]])),
    ...(verified && { email: verified.address }),
    settings: { profile: {}, preferences: { ...user.settings?.preferences }, calendar: {} },
    avatarUrl: `/avatar/${user.username ?? user._id}`,
    isOAuthUser: false,
    ...(user.services && { services: user.services }),
  };
}
