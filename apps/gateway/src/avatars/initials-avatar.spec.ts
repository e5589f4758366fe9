import { describe, expect, it } from '@jest/globals';
import { avatarColor, avatarSize, initialOf, initialsAvatar } from './initials-avatar.js';

describe('initials avatar', () => {
  it("takes the name's first letter or digit, and a colour from the name", () => {
    expect(initialOf('alice')).toBe('A');
    expect(initialOf('@.émile')).toBe('É');
    expect(initialOf('...')).toBe('?');
    expect(avatarColor('bob')).toBe(avatarColor('eve'));
    expect(avatarColor('bob')).not.toBe(avatarColor('alice'));
  });

  it('clamps ?size and escapes the text; the same avatar has the same ETag', () => {
    expect([avatarSize('64'), avatarSize('5'), avatarSize('99999'), avatarSize(undefined)]).toEqual([64, 16, 1024, 200]);
    const { svg, etag } = initialsAvatar('<script>', 64);
    expect(svg).toContain('width="64"');
    expect(svg).not.toContain('<script>');
    expect(initialsAvatar('<script>', 64).etag).toBe(etag);
    expect(initialsAvatar('<script>', 65).etag).not.toBe(etag);
  });
});
