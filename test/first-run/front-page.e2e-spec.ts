import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { useStack } from '../support/stack.js';

/** Debian's Chromium (scripts/setup.mjs installs it), driven by playwright-core: no browser download. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, 'artifacts');

/** Whether something answers HTTP on host:port (a refused connection is `false`). */
const answers = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const req = request({ host, port, path: '/health', timeout: 5_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });

describe('the front page at /, and the listening address', () => {
  // The gateway restricted to the loopback address; the other apps keep Rocket.Chat's default (every interface).
  const t = useStack({ appEnv: { gateway: { BIND_IP: '127.0.0.1' } } });
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders in Chromium: name, version, every service ready, the server URL for the apps, the links', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const started = performance.now();
    const response = await page.goto(`${t.stack.gatewayUrl()}/`);
    const firstLoadMs = performance.now() - started;
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.title()).toBe('Rocket.Chat');
    expect(await page.textContent('header')).toContain('version 7.10');

    const rows = await page.$$eval('#services tr', (trs) => trs.map((tr) => [tr.className, tr.textContent?.trim()]));
    expect(rows).toEqual(
      ['gateway', 'accounts', 'authorization', 'presence', 'core', 'stream-hub'].map((name) => ['ready', `${name}1 of 1 instance ready`]),
    );
    expect(await page.textContent('#server-url')).toBe(t.stack.gatewayUrl());
    const links = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['/api/info', '/metrics', '/README.md']);

    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'front-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    const again = performance.now();
    await page.reload();
    // Figures for the README: a roll call waits its whole window; the next views within 5 s reuse it.
    console.log(
      `front page screenshot: ${screenshot}; load ${firstLoadMs.toFixed(0)} ms, reload ${(performance.now() - again).toFixed(0)} ms`,
    );

    for (const href of links) expect((await page.request.get(`${t.stack.gatewayUrl()}${href}`)).status()).toBe(200);
    // The README opens as text in the browser.
    await page.click('a[href="/README.md"]');
    expect(await page.textContent('body')).toContain('# rocket-nest');
    await page.close();
  }, 60_000);

  it('shows nothing /api/info does not show anonymously, and escapes the site name', async () => {
    await t.admin.post('/api/v1/settings/Site_Name', { value: '<b>Acme</b> & "friends"' });
    const html = await (await fetch(`${t.stack.gatewayUrl()}/`)).text();
    expect(html).toContain('<title>&lt;b&gt;Acme&lt;/b&gt; &amp; &quot;friends&quot;</title>');
    expect(html).not.toContain('<b>Acme');
    expect(html).not.toContain('7.10.0');
    expect(html).not.toMatch(/gateway-\d|accounts-\d|mongodb:|nats:/);
  });

  it('marks a service whose instance is gone', async () => {
    const [presence] = t.stack.instances('presence');
    await t.stack.remove(presence);
    // The page reuses a roll call for 5 s; a later one no longer hears presence.
    let row = '';
    for (let attempt = 0; attempt < 20 && !row.includes('no instance answered'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const html = await (await fetch(`${t.stack.gatewayUrl()}/`)).text();
      row = /<tr class="\w+"><td>presence<\/td>.*?<\/tr>/.exec(html)?.[0] ?? '';
    }
    expect(row).toBe('<tr class="down"><td>presence</td><td><span class="dot"></span>no instance answered</td></tr>');
  }, 60_000);

  it('listens on BIND_IP only; without it, on every interface, as Rocket.Chat', async () => {
    const gateway = t.stack.instances('gateway')[0];
    const accounts = t.stack.instances('accounts')[0];
    // 127.0.0.2 is another loopback address: reachable only by a server bound to every interface.
    expect(await answers('127.0.0.1', gateway.port)).toBe(true);
    expect(await answers('127.0.0.2', gateway.port)).toBe(false);
    expect(await answers('127.0.0.2', accounts.port)).toBe(true);
  });
});
