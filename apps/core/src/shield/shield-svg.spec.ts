import { describe, expect, it } from '@jest/globals';
import { shieldSvg } from './shield-svg.js';

describe('shieldSvg', () => {
  it('sizes the badge from its texts and shows the icon', () => {
    const svg = shieldSvg({ name: 'chat', text: 'JOIN CHAT', color: '#4c1', hideIcon: false });
    // left: 4 × 6 + 7 + 24 = 55; right: 9 × 6 + 20 = 74.
    expect(svg).toContain('width="129" height="20"');
    expect(svg).toContain('<path fill="#4c1" d="M55 0h74v20H55z"/>');
    expect(svg).toContain('xlink:href="/assets/favicon.svg"');
    expect(svg).toContain('<text x="62" y="14">JOIN CHAT</text>');
  });

  it('escapes every text and can hide the icon', () => {
    const svg = shieldSvg({ name: '<b>', text: '#a"&b', color: '#4c1', hideIcon: true });
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).toContain('#a&quot;&amp;b');
    expect(svg).not.toContain('favicon');
  });
});
