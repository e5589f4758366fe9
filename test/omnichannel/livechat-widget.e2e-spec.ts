import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, repoRoot, waitFor } from '@rc/local-stack';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';

/** Debian's Chromium (scripts/setup.mjs installs it), driven by playwright-core: no browser download. */
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the widget's states (not committed). */
const OUTPUT = join(repoRoot, '.local', 'test-output', 'livechat-widget');

type Doc = Record<string, any>;

/** A web page of some other site that embeds the widget with Rocket.Chat's installation snippet. */
function embeddingPage(serverUrl: string): string {
  return `<!doctype html><html><head><title>Shop</title></head><body><h1>A shop</h1>
<script type="text/javascript">
(function(w, d, s, u) {
  w.RocketChat = function(c) { w.RocketChat._.push(c) }; w.RocketChat._ = []; w.RocketChat.url = u;
  var h = d.getElementsByTagName(s)[0], j = d.createElement(s);
  j.async = true; j.src = '${serverUrl}/livechat/rocketchat-livechat.min.js?_=201903270000';
  h.parentNode.insertBefore(j, h);
})(window, document, 'script', '${serverUrl}/livechat');
</script></body></html>`;
}

/** A DDP frame the widget sent or received (plain WebSocket), if it is one. */
function ddpFrame(payload: string | Buffer): Doc | undefined {
  try {
    return JSON.parse(String(payload)) as Doc;
  } catch {
    return undefined;
  }
}

/**
 * The widget's DDP subscriptions, from its socket's frames. Livechat 1.13 re-initialises its room about 0.5 s after
 * creating it (`checkRoom` → `setTimeout(loadMessages, 500)` → `initRoom`): it drops every subscription, makes them
 * again, and replaces its message list with the history it loaded just before. An event published in that gap
 * never reaches it (a stream does not replay, in Rocket.Chat either): an agent who answers, or a transfer, in
 * that half second is lost to the widget. `settled` resolves once every subscription is made again and ready.
 */
function watchWidgetSubscriptions(page: Page) {
  let dropped = 0;
  let remade = 0;
  const pending = new Set<string>();
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const frame = ddpFrame(payload);
      if (frame?.msg === 'unsub') dropped++;
      if (frame?.msg === 'sub') {
        pending.add(frame.id as string);
        if (dropped > 0) remade++;
      }
    });
    socket.on('framereceived', ({ payload }) => {
      const frame = ddpFrame(payload);
      if (frame?.msg === 'ready') for (const id of frame.subs as string[]) pending.delete(id);
      if (frame?.msg === 'nosub') pending.delete(frame.id as string);
    });
  });
  return {
    settled: () =>
      waitFor(() => dropped > 0 && remade >= dropped && pending.size === 0, {
        describe: () => `the widget to make its subscriptions again (dropped ${dropped}, made ${remade}, not ready ${pending.size})`,
      }),
  };
}

/**
 * Rocket.Chat's own Livechat widget (`@rocket.chat/livechat` from npm, served at /livechat) in headless
 * Chromium: a visitor registers with a department, writes, an agent logged in over DDP receives the
 * inquiry, answers and types, transfers the chat to another department, whose agent closes it.
 */
describe('the Livechat widget in a browser', () => {
  const t = useStack({ instances: { omnichannel: 1 }, appEnv: { omnichannel: { OMNICHANNEL_ROUTING_INTERVAL_MS: '300' } } });
  let browser: Browser;
  let site: Server;
  let siteUrl: string;
  let probe: StackProbe;
  let ann: CoreUser;
  let cid: CoreUser;
  let annDdp: DdpClient;
  let cidDdp: DdpClient;
  let sales: Doc;
  let support: Doc;
  let shot = 0;
  /** What the browser said (console, failed requests): written beside the screenshots. */
  const browserLog: string[] = [];

  const screenshot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(OUTPUT, `${String(++shot).padStart(2, '0')}-${name}.png`) });
  };

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    probe = await StackProbe.open(t.stack);
    [ann, cid] = await Promise.all(['ann', 'cid'].map((p) => createUser(t.admin, p)));
    for (const agent of [ann, cid]) ok(await t.admin.post('/api/v1/livechat/users/agent', { username: agent.username }));
    const department = async (name: string, agent: CoreUser) =>
      ok(
        await t.admin.post('/api/v1/livechat/department', {
          department: { enabled: true, name, showOnRegistration: true, showOnOfflineForm: true, email: '' },
          agents: [{ agentId: agent.id, username: agent.username }],
        }),
      ).department as Doc;
    sales = await department(uniqueName('Sales'), ann);
    support = await department(uniqueName('Support'), cid);
    [annDdp, cidDdp] = await Promise.all([DdpClient.connect(t.stack.gatewayUrl()), DdpClient.connect(t.stack.gatewayUrl())]);
    await annDdp.login(ann.username, PASSWORD);
    await cidDdp.login(cid.username, PASSWORD);
    await annDdp.call('livechat:changeLivechatStatus', { status: 'available' });
    await cidDdp.call('livechat:changeLivechatStatus', { status: 'available' });
    await probe.waitOnline([ann.id, cid.id]);

    const port = await freePort();
    const html = embeddingPage(t.stack.gatewayUrl());
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 90_000);

  afterAll(async () => {
    writeFileSync(join(OUTPUT, 'browser.log'), browserLog.join('\n'));
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await Promise.all([annDdp?.close(), cidDdp?.close()]);
    await probe?.close();
  });

  it('registers, chats with the agent who gets the inquiry, is transferred and closed', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    page.on('console', (m) => browserLog.push(`console.${m.type()}: ${m.text()}`));
    page.on('response', (r) => browserLog.push(`${r.status()} ${r.request().method()} ${r.url()}`));
    page.on('requestfailed', (r) => browserLog.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
    const subscriptions = watchWidgetSubscriptions(page);
    await page.goto(siteUrl);
    const iframe = await page.waitForSelector('#rocketchat-iframe');
    const widget = (await iframe.contentFrame()) as Frame;
    await screenshot(page, 'closed');

    // Open it, as a visitor clicking the bubble does.
    const opened = performance.now();
    // The page's own API (Rocket.Chat's `RocketChat(function () { this.maximizeWidget() })`).
    await page.evaluate('window.RocketChat(function () { this.maximizeWidget(); })');
    const name = await widget.waitForSelector('input[name="name"]');
    await screenshot(page, 'registration');
    await name.fill('Vera Visitor');
    await widget.fill('input[name="email"]', 'vera@e2e.test');
    await widget.selectOption('select[name="department"]', sales._id as string);
    await widget.click('button[type="submit"]');

    // The composer: write and send.
    const composer = await widget.waitForSelector('[contenteditable="true"]');
    await screenshot(page, 'chat-empty');
    const inquiryArrives = annDdp.waitFor(
      (f) => f.msg === 'changed' && f.collection === 'stream-notify-user' && f.fields?.eventName === `${ann.id}/subscriptions-changed`,
      30_000,
    );
    await annDdp.subscribe('stream-notify-user', `${ann.id}/subscriptions-changed`, { useCollection: false, args: [] });
    await composer.click();
    await page.keyboard.type('Hello, I need help with my order');
    await page.keyboard.press('Enter');
    await widget.waitForSelector('text=Hello, I need help with my order');
    const firstMessageMs = performance.now() - opened;
    // The agents act once the widget has settled: what it would miss in its re-initialisation is the widget's, not ours.
    await subscriptions.settled();

    // Auto_Selection: Ann (Sales) is given the chat; she receives its subscription over DDP.
    const subscription = (await inquiryArrives).fields.args[1] as Doc;
    expect(subscription).toMatchObject({ t: 'l', u: { _id: ann.id } });
    const rid = subscription.rid as string;
    const visitor = (await probe.db.collection('rocketchat_livechat_visitor').findOne({ 'visitorEmails.address': 'vera@e2e.test' })) as Doc;
    expect(visitor).toMatchObject({ name: 'Vera Visitor', department: sales._id });

    // She types, then answers: the widget shows both.
    await widget.waitForSelector(`text=User ${ann.username}`);
    await annDdp.call('stream-notify-room', `${rid}/user-activity`, ann.username, ['user-typing'], {});
    await widget.waitForSelector('[class*="typing-dots"]');
    await screenshot(page, 'agent-typing');
    await annDdp.call('stream-notify-room', `${rid}/user-activity`, ann.username, [], {});
    await widget.waitForSelector('[class*="typing-dots"]', { state: 'detached' });
    ok(await ann.api.post('/api/v1/chat.sendMessage', { message: { rid, msg: 'Hi Vera, let me look at it' } }));
    await widget.waitForSelector('text=Hi Vera, let me look at it');
    await screenshot(page, 'agent-answered');

    // Transferred to Support, where Cid takes over.
    ok(await ann.api.post('/api/v1/livechat/room.forward', { roomId: rid, departmentId: support._id }));
    await waitFor(
      async () => ((await probe.db.collection('rocketchat_room').findOne({ _id: rid as never })) as Doc).servedBy?._id === cid.id,
      {
        describe: () => 'the chat to be served by the Support agent',
      },
    );
    ok(await cid.api.post('/api/v1/chat.sendMessage', { message: { rid, msg: 'Support here, refund issued' } }));
    await widget.waitForSelector('text=Support here, refund issued');
    await widget.waitForSelector(`text=User ${cid.username}`);
    expect(await widget.textContent('body')).toContain(`transferred the chat to the department ${support.name as string}`);
    await screenshot(page, 'transferred');

    // Cid closes the chat: the widget says it is finished.
    ok(await cid.api.post('/api/v1/livechat/room.closeByUser', { rid, comment: 'done' }));
    await waitFor(async () => (await widget.content()).toLowerCase().includes('finished'), {
      describe: () => 'the widget to show the chat as finished',
    });
    await screenshot(page, 'closed-by-agent');
    console.log(`livechat widget: first message shown ${Math.round(firstMessageMs)} ms after the widget was opened`);
    await page.close();
  });
});
