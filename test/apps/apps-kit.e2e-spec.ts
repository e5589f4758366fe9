import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { SmtpCapture } from '../accounts/support/smtp-capture.js';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import { postForm } from '../uploads/support/multipart.js';
import {
  buildApp,
  installApp,
  KIT_APP,
  readyEverywhere,
  restartsUnder,
  runtimeEntries,
  setAddressRule,
  SLOW_START_APP,
  type AppPackage,
} from './support/apps.js';

const triggerId = () => randomBytes(8).toString('hex');

/**
 * The engine's remaining surface, with one app (Kit): stored messages with buttons (an app's, a user's), a click
 * on one reaching the app with the message and the room and the app updating the message; the `command/*` and
 * `actions/changed` stream events; the thread, role, upload, moderation, e-mail and environment bridges; Deno's
 * own `fetch` under the address rule; the Marketplace's routes on an offline server.
 */
describe('apps-engine: messages with buttons, the remaining bridges, stream events', () => {
  const t = useStack({ instances: { 'apps-engine': 1 } });
  let member: CoreUser;
  let probe: StackProbe;
  let socket: DdpClient;
  let smtp: SmtpCapture;
  let channel: { _id: string; name: string };
  const kit: AppPackage = buildApp({
    name: 'Kit',
    source: KIT_APP,
    implements: ['IUIKitInteractionHandler'],
    permissions: [
      'user.read',
      'room.read',
      'message.read',
      'message.write',
      'ui.interact',
      'ui.registerButtons',
      'slashcommand',
      'api',
      'persistence',
      'networking',
      'threads.read',
      'role.read',
      'upload.read',
      'upload.write',
      'moderation.write',
      'email.send',
      'env.read',
    ].map((name) => ({ name })),
  });

  const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
  const kitGet = async (what: string, query: Record<string, string>) =>
    (await t.api.get(`/api/apps/public/${kit.id}/kit/${what}`, query)).body;
  const kitPost = async (what: string, body: Record<string, string>) =>
    (await t.api.post(`/api/apps/public/${kit.id}/kit/${what}`, body)).body;
  const send = async (msg: string, extra: Record<string, unknown> = {}) =>
    ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg, ...extra } })).message;

  beforeAll(async () => {
    [member, probe, smtp] = await Promise.all([createUser(t.admin, 'member'), StackProbe.open(t.stack), SmtpCapture.start()]);
    channel = ok(await member.api.post('/api/v1/channels.create', { name: uniqueName('kit') })).channel;
    socket = await DdpClient.connect(t.stack.gatewayUrl());
    await socket.login(member.username, PASSWORD);
    for (const event of ['command/added', 'command/removed', 'command/disabled', 'actions/changed']) await socket.stream('apps', event);
  }, 60_000);

  afterAll(async () => {
    await socket?.close();
    await probe?.close();
    await smtp?.close();
  });

  it('tells the clients when an app registers or removes slash commands and action buttons', async () => {
    const added = socket.nextPush('apps', 'command/added', (p) => p.args[0] === 'kit');
    const actions = socket.nextPush('apps', 'actions/changed');
    expect((await installApp(t.stack.gatewayUrl(), t.admin.credentials, kit)).body).toMatchObject({ success: true });
    expect((await added).args).toEqual(['kit']);
    expect((await actions).args).toEqual([]);
    expect((await member.api.get('/api/apps/actionButtons')).body).toEqual([
      expect.objectContaining({ appId: kit.id, actionId: 'kit-action', context: 'messageAction' }),
    ]);

    const removed = socket.nextPush('apps', 'command/removed', (p) => p.args[0] === 'kit');
    const actionsGone = socket.nextPush('apps', 'actions/changed');
    ok(await t.admin.post(`/api/apps/${kit.id}/status`, { status: 'manually_disabled' }));
    await Promise.all([removed, actionsGone]);
    expect((await member.api.get('/api/apps/actionButtons')).body).toEqual([]);

    const back = socket.nextPush('apps', 'command/added', (p) => p.args[0] === 'kit');
    ok(await t.admin.post(`/api/apps/${kit.id}/status`, { status: 'manually_enabled' }));
    await back;
    expect((await member.api.get('/api/apps/actionButtons')).body).toEqual([
      expect.objectContaining({ appId: kit.id, actionId: 'kit-action', context: 'messageAction' }),
    ]);
    // Nothing else was announced about the command than these three.
    expect(socket.pushes('apps', 'command/disabled')).toEqual([]);
    await waitFor(async () => (await member.api.get('/api/v1/commands.get', { command: 'kit' })).status === 200);
  });

  it("stores an app's message with its buttons; a click reaches the app with the message and room, and the app updates it", async () => {
    ok(await member.api.post('/api/v1/commands.run', { command: 'kit', params: 'post', roomId: channel._id }));
    const appMessage = () => probe.db.collection('rocketchat_message').findOne({ rid: channel._id, msg: 'Kit asks' });
    await waitFor(async () => (await appMessage()) !== null, { describe: () => "the app's message" });
    const stored = await appMessage();
    const fetched = ok(await member.api.get('/api/v1/chat.getMessage', { msgId: String(stored!._id) })).message;
    expect(fetched.blocks).toEqual([
      {
        type: 'actions',
        blockId: 'kit',
        appId: kit.id,
        elements: [
          { type: 'button', actionId: 'kit-done', appId: kit.id, blockId: 'kit', text: { type: 'plain_text', text: 'Done' }, value: 'yes' },
        ],
      },
    ]);
    expect(fetched.u.username).toMatch(/\.bot$/);

    const click = await member.api.post(`/api/apps/ui.interaction/${kit.id}`, {
      type: 'blockAction',
      actionId: 'kit-done',
      payload: { blockId: 'kit', value: 'yes' },
      container: { type: 'message', id: fetched._id },
      mid: fetched._id,
      rid: channel._id,
      triggerId: triggerId(),
    });
    expect(click.status).toBe(200);
    const seen = await probe.db.collection('rocketchat_apps_persistence').findOne({ appId: kit.id, 'data.event': 'blockAction' });
    expect(seen?.data).toEqual({
      event: 'blockAction',
      mid: fetched._id,
      rid: channel._id,
      text: 'Kit asks',
      by: member.username,
      value: 'yes',
    });
    const updated = ok(await member.api.get('/api/v1/chat.getMessage', { msgId: fetched._id })).message;
    expect(updated).toMatchObject({
      msg: `Done by ${member.username}`,
      blocks: [{ type: 'section', blockId: 'kit-result', text: { type: 'plain_text', text: 'Handled', emoji: false } }],
      editedBy: { username: fetched.u.username },
    });

    // A click naming a room the caller cannot see is refused, and reaches nothing.
    const secret = ok(await t.admin.post('/api/v1/groups.create', { name: uniqueName('secret') })).group;
    const refused = await member.api.post(`/api/apps/ui.interaction/${kit.id}`, {
      type: 'blockAction',
      actionId: 'kit-done',
      payload: { blockId: 'kit', value: 'yes' },
      container: { type: 'message', id: fetched._id },
      mid: fetched._id,
      rid: secret._id,
      triggerId: triggerId(),
    });
    expect(refused.body).toMatchObject({ success: false });
    expect(await probe.db.collection('rocketchat_apps_persistence').countDocuments({ appId: kit.id, 'data.event': 'blockAction' })).toBe(1);
  });

  it('stores the blocks a user sends with chat.sendMessage, and refuses malformed ones', async () => {
    const blocks = [{ type: 'section', blockId: 'mine', text: { type: 'mrkdwn', text: '*hello*' } }];
    const sent = await send('with blocks', { blocks });
    expect(sent.blocks).toEqual(blocks);
    expect((await probe.db.collection('rocketchat_message').findOne({ _id: sent._id }))?.blocks).toEqual(blocks);
    const bad = await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'bad', blocks: 'nope' } });
    expect(bad.body).toMatchObject({ success: false, errorType: 'invalid-params' });
    expect(await probe.db.collection('rocketchat_message').countDocuments({ rid: channel._id, msg: 'bad' })).toBe(0);
  });

  it("reads a thread, a role and an upload's body; reports a message; sends an e-mail; reads no environment", async () => {
    const parent = await send('thread start');
    ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'first reply', tmid: parent._id } }));
    ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'second reply', tmid: parent._id } }));
    expect(await kitGet('thread', { id: parent._id })).toEqual({
      texts: ['thread start', 'first reply', 'second reply'],
      senders: [member.username, member.username, member.username],
    });

    ok(await t.admin.post('/api/v1/roles.create', { name: 'kit-reviewer', description: 'Reviews kits', scope: 'Users' }));
    expect(await kitGet('role', { name: 'kit-reviewer' })).toMatchObject({
      role: { name: 'kit-reviewer', description: 'Reviews kits', protected: false, scope: 'Users' },
      custom: expect.arrayContaining(['kit-reviewer']),
    });
    expect((await kitGet('role', { name: 'admin' })).role).toMatchObject({ id: 'admin', protected: true });
    expect((await kitGet('role', { name: 'admin' })).custom).not.toContain('admin');

    const uploaded = await postForm(t.stack.gatewayUrl(), `/api/v1/rooms.upload/${channel._id}`, member.api.credentials, {
      name: 'note.txt',
      type: 'text/plain',
      body: Buffer.from('the body of the note'),
    });
    expect(uploaded.status).toBe(200);
    const fileId = uploaded.body.message.file._id as string;
    expect(await kitGet('upload', { id: fileId })).toEqual({ name: 'note.txt', room: channel._id, body: 'the body of the note' });

    const reported = await send('report me');
    expect(await kitPost('report', { messageId: reported._id, userId: member.id, description: 'spam, says the app' })).toEqual({
      reported: true,
    });
    expect(await probe.db.collection('rocketchat_moderation_reports').findOne({ 'message._id': reported._id })).toMatchObject({
      description: 'spam, says the app',
      reportedBy: { _id: member.id },
    });

    expect((await kitPost('email', { to: 'someone@e2e.test', subject: 'From the app', text: 'Hello' })).error).toMatch(/SMTP/);
    await setSetting('From_Email', 'chat@e2e.test');
    await setSetting('SMTP_Port', String(smtp.port));
    await setSetting('SMTP_Host', '127.0.0.1');
    const mailed = smtp.next('someone@e2e.test');
    await waitFor(async () => (await kitPost('email', { to: 'someone@e2e.test', subject: 'From the app', text: 'Hello' })).sent === true, {
      describe: () => 'the e-mail sent',
    });
    expect(await mailed).toMatchObject({ subject: 'From the app', text: expect.stringContaining('Hello') });

    // Rocket.Chat's short list only: ROOT_URL (the site URL here), never the rest of the process's environment.
    expect(await kitGet('env', { name: 'HOME' })).toEqual({ readable: false, value: null });
    expect(await kitGet('env', { name: 'MONGO_URL' })).toEqual({ readable: false, value: null });
    const siteUrl = ok(await t.admin.get('/api/v1/settings/Site_Url')).value as string;
    expect(await kitGet('env', { name: 'ROOT_URL' })).toEqual({ readable: true, value: siteUrl });
  });

  it("writes an app's file into a room: the message arrives over DDP and the file downloads; the room's limits hold", async () => {
    await socket.stream('room-messages', channel._id);
    const pushed = socket.nextPush('room-messages', channel._id, (p) => Boolean(p.args[0]?.file));
    const created = await kitPost('upload', { rid: channel._id, userId: member.id, name: 'notes.txt', text: 'written by the app' });
    expect(created).toEqual({ id: expect.any(String), name: 'notes.txt', type: 'text/plain', room: channel._id });
    const message = (await pushed).args[0];
    expect(message).toMatchObject({
      rid: channel._id,
      u: { _id: member.id },
      file: { _id: created.id, name: 'notes.txt', type: 'text/plain' },
    });
    const stored = await probe.db.collection('rocketchat_uploads').findOne({ _id: created.id as never });
    expect(stored).toMatchObject({ rid: channel._id, userId: member.id, size: 'written by the app'.length, complete: true });
    const download = await fetch(`${t.stack.gatewayUrl()}${stored!.url as string}`, {
      headers: { 'x-user-id': member.id, 'x-auth-token': member.api.credentials!.authToken },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('written by the app');

    // Too large for the room's rules: refused, nothing stored; a room the uploader cannot write to: refused.
    await setSetting('FileUpload_MaxFileSize', 5);
    try {
      await waitFor(
        async () =>
          /exceeds/.test((await kitPost('upload', { rid: channel._id, userId: member.id, name: 'big.txt', text: 'too long' })).error ?? ''),
        { describe: () => 'the size limit' },
      );
    } finally {
      await setSetting('FileUpload_MaxFileSize', 104857600);
    }
    expect(await probe.db.collection('rocketchat_uploads').countDocuments({ rid: channel._id, name: 'big.txt', complete: true })).toBe(0);
    const secret = ok(await t.admin.post('/api/v1/groups.create', { name: uniqueName('vault') })).group;
    expect((await kitPost('upload', { rid: secret._id, userId: member.id, name: 'x.txt', text: 'nope' })).error).toBeTruthy();
    expect(await probe.db.collection('rocketchat_uploads').countDocuments({ rid: secret._id })).toBe(0);
  });

  it("refuses loopback to the app's HTTP bridge and its own fetch, in any notation, and follows a change of the rule", async () => {
    const server: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('inside'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const inside = `http://127.0.0.1:${port}/`;
    try {
      try {
        const loopback = [inside, `http://localhost:${port}/`, `http://localhost.:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`];
        for (const url of [...loopback, `http://[::1]:${port}/`, `http://2130706433:${port}/`, 'http://[fd00:ec2::254]/']) {
          expect(await kitGet('deno-fetch', { url })).toEqual({ error: expect.stringMatching(/net access/) });
        }
        // The HTTP bridge resolves a name and checks every address it gets: `localhost` is loopback.
        for (const url of [inside, `http://localhost:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
          expect((await kitGet('http', { url })).error).toMatch(/refused/);
        }
        // A host outside the denied ranges is tried (this one does not resolve): the app has the network.
        expect((await kitGet('deno-fetch', { url: 'http://example.invalid/' })).error).not.toMatch(/net access/);

        // Allowed: the app's process is restarted under the new rule (Deno's flags are fixed at its start), its logs
        // say so; then its own fetch and the HTTP bridge (which reads the setting on each call) reach the server.
        await setAddressRule(t.admin, probe.db, true, [kit.id]);
        let answer: unknown;
        await waitFor(async () => ((answer = await kitGet('deno-fetch', { url: inside })) as { body?: string }).body === 'inside', {
          describe: () => `Deno's fetch allowed (last answer ${JSON.stringify(answer)})`,
        });
        expect(await kitGet('http', { url: inside })).toEqual({ statusCode: 200, content: 'inside' });
      } finally {
        await setAddressRule(t.admin, probe.db, false, [kit.id]);
      }
      expect(await kitGet('deno-fetch', { url: inside })).toEqual({ error: expect.stringMatching(/net access/) });
      expect((await kitGet('http', { url: inside })).error).toMatch(/refused/);
    } finally {
      server.close();
    }
  });

  it("a rule changed while an app's process restarts after a crash reaches it: it is restarted under the new rule", async () => {
    const slow = buildApp({
      name: 'SlowStart',
      source: SLOW_START_APP,
      implements: [],
      permissions: [{ name: 'api' }, { name: 'networking' }],
    });
    const server: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('inside'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const inside = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const slowFetch = async () =>
      (await t.api.get(`/api/apps/public/${slow.id}/fetch`, { url: inside })).body as { error?: string; body?: string };
    try {
      expect((await installApp(t.stack.gatewayUrl(), t.admin.credentials, slow)).body).toMatchObject({ success: true });
      await setAddressRule(t.admin, probe.db, true, [slow.id]);
      await waitFor(async () => (await slowFetch()).body === 'inside', { describe: () => "the app's fetch allowed" });

      // The app's process dies; the engine starts another under the rule of the moment ("allowed"), which then
      // initializes for 1.5 s...
      execFileSync('pkill', ['-KILL', '-f', `subprocess ${slow.id}`]);
      await waitFor(async () => (await runtimeEntries(probe.db, slow.id, 'runtime:exit')) === 1, {
        intervalMs: 20,
        describe: () => 'the exit logged',
      });
      // The app's page answers meanwhile, from the stored status, without waiting for the restart.
      expect(ok(await t.admin.get(`/api/apps/${slow.id}`)).app).toMatchObject({
        status: 'manually_enabled',
        runtime: { instances: [expect.objectContaining({ process: 'restarting' })] },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // ...while private addresses are refused again: that process must not keep the rule it started with.
      await setSetting('Integrations_Allow_Private_Addresses', false);
      await waitFor(async () => (await restartsUnder(probe.db, slow.id, false)) === 1, {
        describe: () => 'a restart under the rule refused',
      });
      await readyEverywhere(t.admin, slow.id);
      expect(await slowFetch()).toEqual({ error: expect.stringMatching(/net access/) });
    } finally {
      await setSetting('Integrations_Allow_Private_Addresses', false);
      await t.admin.send('DELETE', `/api/apps/${slow.id}`);
      server.close();
    }
  });

  it('answers the Marketplace routes as an offline server', async () => {
    for (const path of ['/api/apps/marketplace', '/api/apps/categories', '/api/apps/featured-apps']) {
      const answer = await member.api.get(path);
      expect({ path, status: answer.status, body: answer.body }).toEqual({
        path,
        status: 500,
        body: { success: false, error: 'Could not reach the Marketplace' },
      });
    }
    expect((await t.admin.get('/api/apps', { marketplace: 'true' })).status).toBe(500);
    expect((await t.admin.get('/api/apps', { categories: 'true' })).body).toEqual({
      success: false,
      error: 'Could not reach the Marketplace',
    });
    expect((await t.admin.get(`/api/apps/${kit.id}`, { marketplace: 'true', version: '1.0.0' })).status).toBe(500);
    expect((await member.api.get(`/api/apps/${kit.id}`, { marketplace: 'true', version: '1.0.0' })).status).toBe(403);
    expect((await member.api.get('/api/apps/buildExternalUrl', { appId: kit.id })).body).toMatchObject({
      success: false,
      error: expect.stringMatching(/^Invalid purchase type/),
    });
    expect((await member.api.get('/api/apps/buildExternalUrl', { appId: kit.id, purchaseType: 'buy' })).body).toMatchObject({
      success: false,
      error: expect.stringMatching(/^Unauthorized/),
    });
    expect((await member.api.get('/api/apps/bundles/some-bundle/apps')).status).toBe(403);
    expect((await t.admin.get('/api/apps/bundles/some-bundle/apps')).status).toBe(500);
    expect((await t.api.get('/api/apps/marketplace')).status).toBe(401);
  });
});
