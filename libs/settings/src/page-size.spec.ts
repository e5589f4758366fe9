import { describe, expect, it } from '@jest/globals';
import { pageSizeFor, UNLIMITED_PAGE_SIZE, type PageSizeSettings } from './page-size.js';

const DEFAULTS: PageSizeSettings = { upperLimit: 100, defaultCount: 50, allowInfinite: true };

describe("page sizes by Rocket.Chat's getPaginationItems", () => {
  it.each([
    ['count absent: the default', undefined, DEFAULTS, 50],
    ['count within the limit', 30, DEFAULTS, 30],
    ['count above the limit: the limit', 500, DEFAULTS, 100],
    ['count 0, infinite allowed: everything', 0, DEFAULTS, UNLIMITED_PAGE_SIZE],
    ['count 0, infinite refused: the default', 0, { ...DEFAULTS, allowInfinite: false }, 50],
    ['another default', undefined, { ...DEFAULTS, defaultCount: 7 }, 7],
    ['another limit', 30, { ...DEFAULTS, upperLimit: 20 }, 20],
    ['a default above the limit is capped to it', undefined, { ...DEFAULTS, defaultCount: 300 }, 100],
    ['a negative limit reads as 100', 500, { ...DEFAULTS, upperLimit: -1 }, 100],
    ['a negative default reads as 50', undefined, { ...DEFAULTS, defaultCount: -5 }, 50],
    ['a limit of 0 caps every count to 0: everything while infinite is allowed', 10, { ...DEFAULTS, upperLimit: 0 }, UNLIMITED_PAGE_SIZE],
    ['a limit of 0 with infinite refused: the default', 10, { upperLimit: 0, defaultCount: 50, allowInfinite: false }, 50],
    [
      'a default of 0: everything (a limit of 0 is none in the database)',
      undefined,
      { ...DEFAULTS, defaultCount: 0, allowInfinite: false },
      UNLIMITED_PAGE_SIZE,
    ],
  ] as const)('%s', (_name, count, settings, expected) => {
    expect(pageSizeFor(count, settings)).toBe(expected);
  });
});
