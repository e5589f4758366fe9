import { describe, expect, it } from '@jest/globals';
import { escapeHtml, renderFrontPage, type FrontPageView } from './front-page.html.js';

const view: FrontPageView = {
  siteName: 'Acme Chat',
  version: '7.10',
  serverUrl: 'http://chat.example.com',
  services: [
    { name: 'accounts', ready: 2, instances: 2 },
    { name: 'core', ready: 1, instances: 2 },
    { name: 'presence', ready: 0, instances: 0 },
  ],
};

describe('renderFrontPage', () => {
  it('shows the name, the version, the server URL and each service with its ready instances', () => {
    const html = renderFrontPage(view);
    expect(html).toContain('<title>Acme Chat</title>');
    expect(html).toContain('version 7.10');
    expect(html).toContain('<code id="server-url">http://chat.example.com</code>');
    expect(html).toContain('ws://chat.example.com/websocket');
    expect(html).toContain('<tr class="ready"><td>accounts</td><td><span class="dot"></span>2 of 2 instances ready</td></tr>');
    expect(html).toContain('<tr class="degraded"><td>core</td><td><span class="dot"></span>1 of 2 instances ready</td></tr>');
    expect(html).toContain('<tr class="down"><td>presence</td><td><span class="dot"></span>no instance answered</td></tr>');
    expect(html).toContain('not all ready');
  });

  it('escapes what it did not write itself', () => {
    const html = renderFrontPage({ ...view, siteName: '<script>alert(1)</script>', serverUrl: 'http://x"><img src=y onerror=z>' });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('loads nothing from elsewhere and runs no script', () => {
    const html = renderFrontPage(view);
    expect(html).not.toMatch(/<script|src=|<link/);
  });
});
