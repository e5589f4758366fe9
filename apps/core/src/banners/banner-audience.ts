import type { IBanner } from '@rc/contracts';

/** Whether a banner is meant for a user with these roles: no roles means everyone (Rocket.Chat's query). */
export function isAddressedTo(banner: Pick<IBanner, 'roles'>, roles: readonly string[]): boolean {
  return banner.roles === undefined || banner.roles.some((role) => roles.includes(role));
}

/** A banner as clients get it: a view id (older banners had none: the banner's id) and a surface. */
export function asShown(banner: IBanner): IBanner {
  return { ...banner, view: { ...banner.view, viewId: banner.view.viewId || banner._id }, surface: banner.surface ?? 'banner' };
}

/** Rocket.Chat's checks on a banner's dates (`Start date cannot be later than expire date`, …). */
export function datesProblem(startAt: Date, expireAt: Date, now: Date): string | undefined {
  if (startAt > expireAt) return 'Start date cannot be later than expire date';
  if (expireAt < now) return 'Cannot create banner already expired';
  return undefined;
}
