import { Injectable } from '@nestjs/common';
import { SettingsCache } from './settings-cache.js';

/** The settings Rocket.Chat's `getPaginationItems` reads (General › REST API). */
export interface PageSizeSettings {
  /** `API_Upper_Count_Limit`: no page is larger (negative: 100; 0 caps every `count` to 0). */
  upperLimit: number;
  /** `API_Default_Count`: the page when `count` is absent (negative: 50). */
  defaultCount: number;
  /** `API_Allow_Infinite_Count`: `count=0` serves everything; off, it serves the default page. */
  allowInfinite: boolean;
}

/**
 * The page size for "no limit" (a page size of 0, which Rocket.Chat hands to MongoDB as no limit). A number
 * every caller can use alike: a find's `limit`, an aggregation's `$limit`, a slice.
 */
export const UNLIMITED_PAGE_SIZE = 2 ** 31 - 1;

/**
 * Rocket.Chat 7's rule (`getPaginationItems`): `count` absent → the default; above the upper limit → the
 * limit; 0 → everything while infinite counts are allowed, else the default. A size of 0 reaching the
 * database (a default of 0, or an upper limit of 0 with infinite counts on) is no limit there, as in Rocket.Chat.
 */
export function pageSizeFor(count: number | undefined, settings: PageSizeSettings): number {
  const upperLimit = settings.upperLimit < 0 ? 100 : settings.upperLimit;
  const defaultCount = settings.defaultCount < 0 ? 50 : settings.defaultCount;
  let size = count ?? defaultCount;
  if (size > upperLimit) size = upperLimit;
  if (size === 0 && !settings.allowInfinite) size = defaultCount;
  return size === 0 ? UNLIMITED_PAGE_SIZE : size;
}

/**
 * The page size of every REST list route (`count`), from `API_Upper_Count_Limit`, `API_Default_Count` and
 * `API_Allow_Infinite_Count` as they are now (`SettingsCache` is live: a change applies to the next request).
 */
@Injectable()
export class PageSize {
  constructor(private readonly settings: SettingsCache) {}

  /** How many items to serve for `count` (absent: the default page). */
  count(count: number | undefined): number {
    return pageSizeFor(count, {
      upperLimit: this.settings.get<number>('API_Upper_Count_Limit'),
      defaultCount: this.settings.get<number>('API_Default_Count'),
      allowInfinite: this.settings.get<boolean>('API_Allow_Infinite_Count'),
    });
  }
}
