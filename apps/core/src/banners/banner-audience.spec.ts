import { describe, expect, it } from '@jest/globals';
import type { IBanner } from '@rc/contracts';
import { asShown, datesProblem, isAddressedTo } from './banner-audience.js';

describe('banner audience', () => {
  it('addresses a banner without roles to everyone, one with roles to their holders', () => {
    expect(isAddressedTo({}, [])).toBe(true);
    expect(isAddressedTo({ roles: ['admin'] }, ['user'])).toBe(false);
    expect(isAddressedTo({ roles: ['admin', 'bot'] }, ['user', 'bot'])).toBe(true);
  });

  it('gives older banners their id as view id and the banner surface', () => {
    const banner = { _id: 'b1', view: { appId: 'banner-core', viewId: '', blocks: [] } } as unknown as IBanner;
    expect(asShown(banner)).toMatchObject({ view: { viewId: 'b1' }, surface: 'banner' });
  });

  it("checks dates in Rocket.Chat's words", () => {
    const now = new Date('2026-01-02T00:00:00Z');
    expect(datesProblem(new Date('2026-01-03'), new Date('2026-01-02'), now)).toBe('Start date cannot be later than expire date');
    expect(datesProblem(new Date('2025-12-01'), new Date('2026-01-01'), now)).toBe('Cannot create banner already expired');
    expect(datesProblem(new Date('2026-01-01'), new Date('2026-01-05'), now)).toBeUndefined();
  });
});
