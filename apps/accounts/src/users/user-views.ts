import type { IUser, UserView } from '@rc/contracts';

/** Everything anybody may see of a user (Rocket.Chat's getFullUserData default fields). */
export const PUBLIC_USER_FIELDS = [
  'name',
  'username',
  'nickname',
  'status',
  'utcOffset',
  'type',
  'active',
  'bio',
  'reason',
  'statusText',
  'avatarETag',
  'federated',
] as const;

/** What only the user and holders of `view-full-other-user-info` see. */
export const PRIVATE_USER_FIELDS = [
  'emails',
  'phone',
  'statusConnection',
  'createdAt',
  'lastLogin',
  'requirePasswordChange',
  'requirePasswordChangeReason',
  'roles',
  'importIds',
  'customFields',
] as const;

function pick(user: IUser, fields: readonly string[]): UserView {
  const source = user as unknown as Record<string, unknown>;
  const view: Record<string, unknown> = { _id: user._id };
  for (const field of fields) if (source[field] !== undefined) view[field] = source[field];
  return view as UserView;
}

/**
 * users.info: the public fields, plus the private ones when `canViewAllInfo`; for oneself, whether a
 * password is set (`services: {password: true}`) and never the hashes or tokens.
 */
export function toUserInfo(user: IUser, { canViewAllInfo, myself }: { canViewAllInfo: boolean; myself: boolean }): UserView {
  const view = pick(user, canViewAllInfo ? [...PUBLIC_USER_FIELDS, ...PRIVATE_USER_FIELDS] : PUBLIC_USER_FIELDS);
  view.canViewAllInfo = canViewAllInfo;
  if (myself && user.services?.password?.bcrypt) view.services = { password: true };
  return view;
}

/**
 * Rocket.Chat's `limitedUserFieldsToExclude` (with its `defaultFieldsToExclude`): what a `users.*` route's answer
 * leaves out for a caller without `view-full-other-user-info`.
 */
const LIMITED_USER_FIELDS = new Set([
  'avatarOrigin',
  'emails',
  'phone',
  'statusConnection',
  'createdAt',
  'lastLogin',
  'services',
  'requirePasswordChange',
  'requirePasswordChangeReason',
  'roles',
  'statusDefault',
  '_updatedAt',
  'settings',
  'inviteToken',
  'joinCode',
  'members',
  'importIds',
  'e2e',
]);

/** The user as a `users.*` route answers someone not entitled to all of it (users.register's anonymous caller). */
export function toLimitedView(user: IUser): UserView {
  return Object.fromEntries(Object.entries(user).filter(([field]) => !LIMITED_USER_FIELDS.has(field))) as UserView;
}

/** The user for someone entitled to all of it (oneself, an administrator): all but `services`. */
export function toFullView(user: IUser): UserView {
  const { services: _services, ...rest } = user;
  return rest;
}
