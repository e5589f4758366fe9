import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** The outgoing webhooks' receiver, a real HTTP server: answers per path, records every call. */
class Receiver {
  readonly calls: Received[] = [];
  private readonly failuresLeft = new Map<string, number>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const path = request.url ?? '';
        const body = text ? JSON.parse(text) : undefined;
        this.calls.push({ path, headers: request.headers, body });
        const failures = this.failuresLeft.get(path) ?? 0;
        if (failures > 0) {
          this.failuresLeft.set(path, failures - 1);
          response.writeHead(503).end();
        } else if (path.startsWith('/reply')) {
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ text: `pong: ${body.text}`, attachments: [{ title: 'from the receiver' }] }));
        } else {
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  failNext(path: string, times: number): void {
    this.failuresLeft.set(path, times);
  }

  on(path: string): Received[] {
    return this.calls.filter((call) => call.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls a condition (no fixed sleeps): resolves with its first truthy value. */
async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('integrations: administration, incoming and outgoing webhooks', () => {
  const t = useStack();
  const receiver = new Receiver();
  let probe: StackProbe;
  let member: CoreUser;
  let bot: CoreUser;
  let roomId: string;
  const roomName = uniqueName('hooks');
  const integrationsCount = () => probe.db.collection('rocketchat_integrations').countDocuments();
  const messages = (query: Record<string, unknown>) =>
    probe.db
      .collection('rocketchat_message')
      .find({ rid: roomId, ...query })
      .toArray();
  const setting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
  const hook = (id: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
    t.api.send('POST', `/hooks/${id}/${token}`, body, headers);
  const incoming = (extra: Record<string, unknown> = {}) => ({
    type: 'webhook-incoming',
    name: uniqueName('in'),
    enabled: true,
    username: bot.username,
    channel: `#${roomName}`,
    scriptEnabled: false,
    ...extra,
  });
  const outgoing = (extra: Record<string, unknown> = {}) => ({
    type: 'webhook-outgoing',
    name: uniqueName('out'),
    enabled: true,
    event: 'sendMessage',
    username: bot.username,
    channel: `#${roomName}`,
    urls: [`${receiver.url}/plain`],
    scriptEnabled: false,
    ...extra,
  });
  const send = async (msg: string) => ok(await t.admin.post('/api/v1/chat.sendMessage', { message: { rid: roomId, msg } })).message;
  const history = (integrationId: string) =>
    probe.db.collection('rocketchat_integration_history').find({ 'integration._id': integrationId }).toArray();

  beforeAll(async () => {
    await receiver.start();
    probe = await StackProbe.open(t.stack);
    [member, bot] = await Promise.all([createUser(t.admin, 'member'), createUser(t.admin, 'hookbot')]);
    roomId = ok(await t.admin.post('/api/v1/channels.create', { name: roomName })).channel._id;
    await setting('Integrations_Script_Timeout', 400);
  });

  afterAll(async () => {
    await probe?.close();
    await receiver.stop();
  });

  it('refuses callers without the permissions, and bad integrations, changing nothing', async () => {
    const before = await integrationsCount();
    const denied = await member.api.post('/api/v1/integrations.create', incoming());
    expect(denied).toMatchObject({ status: 400, body: { success: false, errorType: 'not_authorized' } });
    expect((await member.api.get('/api/v1/integrations.list')).status).toBe(403);
    expect((await member.api.get('/api/v1/integrations.history', { id: 'x' })).status).toBe(403);
    expect((await member.api.post('/api/v1/integrations.remove', { type: 'webhook-incoming', integrationId: 'x' })).status).toBe(403);

    const refusals: Array<[Record<string, unknown>, string]> = [
      [incoming({ channel: roomName }), 'error-invalid-channel-start-with-chars'],
      [incoming({ channel: '#no-such-room' }), 'error-invalid-room'],
      [incoming({ username: 'nobody-here' }), 'error-invalid-user'],
      [incoming({ enabled: 'yes' }), 'invalid-params'],
      [outgoing({ event: 'somethingElse' }), 'error-invalid-event-type'],
      [outgoing({ urls: [] }), 'error-invalid-urls'],
      [outgoing({ urls: ['ftp://example.com/'] }), 'error-invalid-urls'],
      [outgoing({ event: 'userCreated', channel: undefined }), 'error-invalid-targetRoom'],
      [outgoing({ retryFailedCalls: true, retryDelay: 'whenever' }), 'invalid-params'],
      [{ type: 'webhook-other', name: 'x' }, 'invalid-params'],
    ];
    for (const [body, errorType] of refusals) {
      const answer = await t.admin.post('/api/v1/integrations.create', body);
      expect([answer.status, answer.body.errorType]).toEqual([400, errorType]);
    }
    expect(await integrationsCount()).toBe(before);
  });

  it('posts an incoming webhook as its user into its channel, from JSON and form bodies', async () => {
    const { integration } = ok(await t.admin.post('/api/v1/integrations.create', incoming({ alias: 'Deploy bot', emoji: ':rocket:' })));
    expect(integration).toMatchObject({ type: 'webhook-incoming', userId: bot.id, channel: [`#${roomName}`], token: expect.any(String) });
    expect(integration.token).toHaveLength(48);

    const posted = await hook(integration._id, integration.token, {
      text: 'build *green*',
      attachments: [{ title: 'CI', color: '#00ff00' }],
    });
    expect(posted).toMatchObject({ status: 200, body: { success: true } });
    const [message] = await messages({ msg: 'build *green*' });
    expect(message).toMatchObject({
      u: { _id: bot.id, username: bot.username },
      alias: 'Deploy bot',
      emoji: ':rocket:',
      bot: { i: integration._id },
      attachments: [{ title: 'CI', color: '#00ff00' }],
    });

    // Slack's form: `payload=<json>`; the body's own alias and avatar win over the integration's.
    const form = `payload=${encodeURIComponent(JSON.stringify({ text: 'from a form', username: 'Formbot', icon_url: 'https://example.com/a.png' }))}`;
    const viaForm = await hook(integration._id, integration.token, form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(viaForm).toMatchObject({ status: 200, body: { success: true } });
    expect((await messages({ msg: 'from a form' }))[0]).toMatchObject({ alias: 'Formbot', avatar: 'https://example.com/a.png' });

    // JSON sent with a form's content type (Rocket.Chat parses the text as JSON).
    const jsonAsForm = await hook(integration._id, integration.token, JSON.stringify({ text: 'json as form' }), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(jsonAsForm).toMatchObject({ status: 200, body: { success: true } });
    expect(await messages({ msg: 'json as form' })).toHaveLength(1);

    // The other route form, with a user id in the path.
    expect((await t.api.send('POST', `/hooks/${integration._id}/${bot.id}/${integration.token}`, { text: 'three parts' })).status).toBe(
      200,
    );

    const count = (await messages({})).length;
    expect(await hook(integration._id, 'wrong-token', { text: 'x' })).toMatchObject({ status: 401, body: { success: false } });
    expect(await hook(integration._id, integration.token, { text: 'x', channel: '#general' })).toMatchObject({
      status: 400,
      body: { success: false, error: 'overriding destination channel is disabled for this integration' },
    });
    expect(await hook(integration._id, integration.token, { text: 5 })).toMatchObject({ status: 400, body: { success: false } });
    expect(await hook(integration._id, integration.token, '{not json', { 'content-type': 'text/plain' })).toMatchObject({ status: 400 });
    expect((await messages({})).length).toBe(count);
  });

  it('lists, reads, updates and removes integrations over REST and DDP', async () => {
    const { integration } = ok(await t.admin.post('/api/v1/integrations.create', incoming()));
    const listed = ok(await t.admin.get('/api/v1/integrations.list', { name: integration.name }));
    expect(listed).toMatchObject({ total: 1, count: 1, integrations: [{ _id: integration._id }] });
    expect(ok(await t.admin.get('/api/v1/integrations.get', { integrationId: integration._id })).integration.name).toBe(integration.name);

    const ddp = await DdpClient.connect(t.stack.gatewayUrl());
    try {
      await ddp.login('admin', 'admin-e2e-pass');
      const updated = await ddp.call('updateIncomingIntegration', integration._id, { ...incoming(), name: 'renamed', enabled: false });
      expect(updated).toMatchObject({ _id: integration._id, name: 'renamed', enabled: false, token: integration.token });
      // A disabled webhook answers 503.
      expect(await hook(integration._id, integration.token, { text: 'while disabled' })).toMatchObject({ status: 503 });

      const viaRest = ok(
        await t.admin.send<Record<string, any>>('PUT', '/api/v1/integrations.update', {
          ...incoming(),
          integrationId: integration._id,
          enabled: true,
          name: 'again',
        }),
      );
      expect(viaRest.integration).toMatchObject({ name: 'again', enabled: true });

      expect(await ddp.call('deleteIncomingIntegration', integration._id)).toBe(true);
      const gone = await t.admin.get('/api/v1/integrations.get', { integrationId: integration._id });
      expect(gone).toMatchObject({ status: 400, body: { errorType: 'error-invalid-integration' } });
      await expect(ddp.call('deleteIncomingIntegration', integration._id)).rejects.toMatchObject({
        error: { error: 'error-invalid-integration' },
      });
    } finally {
      await ddp.close();
    }
  });

  it('runs the incoming script in the sandbox; a script looping forever or eating memory fails alone', async () => {
    const script = `class Script {
      process_incoming_request({ request }) {
        if (request.content.kind === 'loop') { for (;;) {} }
        if (request.content.kind === 'hog') { const keep = []; for (;;) keep.push(new Array(100000).fill(1)); }
        if (request.content.kind === 'refuse') return { error: { reason: 'refused by script' } };
        return { content: { text: 'alert: ' + request.content.alert.name + ' (' + request.headers['x-source'] + ')' } };
      }
    }`;
    const { integration } = ok(await t.admin.post('/api/v1/integrations.create', incoming({ scriptEnabled: true, script })));
    expect(integration.scriptCompiled).toBe(script);

    const transformed = await hook(integration._id, integration.token, { alert: { name: 'disk full' } }, { 'x-source': 'grafana' });
    expect(transformed).toMatchObject({ status: 200, body: { success: true } });
    expect(await messages({ msg: 'alert: disk full (grafana)' })).toHaveLength(1);

    const started = Date.now();
    expect(await hook(integration._id, integration.token, { kind: 'loop' })).toMatchObject({
      status: 400,
      body: { error: 'error-running-script' },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await hook(integration._id, integration.token, { kind: 'hog' })).toMatchObject({
      status: 400,
      body: { error: 'error-running-script' },
    });
    expect(await hook(integration._id, integration.token, { kind: 'refuse' })).toMatchObject({
      status: 400,
      body: { error: { reason: 'refused by script' } },
    });
    // The server carries on.
    expect((await t.api.get('/api/info')).status).toBe(200);
    expect((await hook(integration._id, integration.token, { alert: { name: 'after' } }, { 'x-source': 'x' })).status).toBe(200);

    const broken = ok(
      await t.admin.post('/api/v1/integrations.create', incoming({ scriptEnabled: true, script: 'class Script { oops( {' })),
    );
    expect(broken.integration).toMatchObject({ scriptError: { name: 'SyntaxError' } });
    expect(broken.integration.scriptCompiled).toBeUndefined();
  });

  describe('outgoing webhooks (private addresses allowed for the receiver)', () => {
    beforeAll(async () => {
      await setting('Integrations_Allow_Private_Addresses', true);
    });

    it("POSTs Rocket.Chat's payload on a trigger word, posts the answer back, records the history and streams it", async () => {
      const { integration } = ok(
        await t.admin.post(
          '/api/v1/integrations.create',
          outgoing({ urls: [`${receiver.url}/reply`], triggerWords: ['!ping'], token: 'outgoing-token', alias: 'Pong bot' }),
        ),
      );
      const watcher = await DdpClient.connect(t.stack.gatewayUrl());
      try {
        await watcher.login('admin', 'admin-e2e-pass');
        await watcher.stream('integrationHistory', integration._id);
        const inserted = watcher.nextPush('integrationHistory', integration._id, (push) => push.args[0]?.type === 'inserted');
        const finished = watcher.nextPush('integrationHistory', integration._id, (push) => push.args[0]?.diff?.finished === true);

        await send('no trigger word here');
        const sent = await send('!ping are you there');
        const [call] = await eventually(() => receiver.on('/reply').length > 0 && receiver.on('/reply'));
        expect(call.body).toMatchObject({
          token: 'outgoing-token',
          bot: false,
          trigger_word: '!ping',
          channel_id: roomId,
          channel_name: roomName,
          message_id: sent._id,
          user_id: expect.any(String),
          user_name: 'admin',
          text: '!ping are you there',
          siteUrl: expect.any(String),
        });
        expect(call.headers['content-type']).toBe('application/json');

        const [answer] = await eventually(async () => {
          const found = await messages({ msg: 'pong: !ping are you there' });
          return found.length > 0 && found;
        });
        expect(answer).toMatchObject({
          u: { username: bot.username },
          alias: 'Pong bot',
          bot: { i: integration._id },
          attachments: [{ title: 'from the receiver' }],
        });
        // The answer (by the integration itself) did not trigger it again, nor did the message without the word.
        expect(receiver.on('/reply').map((one) => one.body.text)).toEqual(['!ping are you there']);

        expect((await inserted).args[0]).toMatchObject({
          type: 'inserted',
          data: { event: 'sendMessage', integration: { _id: integration._id } },
        });
        expect((await finished).args[0]).toMatchObject({ type: 'updated', diff: { step: 'url-response-sent-message', finished: true } });
        const page = ok(await t.admin.get('/api/v1/integrations.history', { id: integration._id }));
        expect(page).toMatchObject({
          total: 1,
          history: [{ step: 'url-response-sent-message', finished: true, url: `${receiver.url}/reply` }],
        });
        expect(page.history[0].data).toMatchObject({ text: '!ping are you there', trigger_word: '!ping' });

        expect(await watcher.call('clearIntegrationHistory', integration._id)).toBe(true);
        expect(ok(await t.admin.get('/api/v1/integrations.history', { id: integration._id })).total).toBe(0);
      } finally {
        await watcher.close();
      }
    });

    it('fires again on an edit only with runOnEdits, saying isEdited', async () => {
      const word = `!${uniqueName('edit')}`;
      ok(
        await t.admin.post(
          '/api/v1/integrations.create',
          outgoing({ urls: [`${receiver.url}/edits`], triggerWords: [word], runOnEdits: true }),
        ),
      );
      ok(await t.admin.post('/api/v1/integrations.create', outgoing({ urls: [`${receiver.url}/no-edits`], triggerWords: [word] })));
      const sent = await send(`${word} first`);
      await eventually(() => receiver.on('/edits').some((one) => one.body.text === `${word} first`));
      ok(await t.admin.post('/api/v1/chat.update', { roomId, msgId: sent._id, text: `${word} second` }));
      const edited = await eventually(() => receiver.on('/edits').find((one) => one.body.text === `${word} second`));
      expect(edited.body).toMatchObject({ message_id: sent._id, isEdited: true });
      expect(receiver.on('/no-edits').map((one) => one.body.text)).toEqual([`${word} first`]);
    });

    it('retries a failing call with its backoff, recording every attempt', async () => {
      const path = `/flaky-${uniqueName('p')}`;
      receiver.failNext(path, 2);
      const { integration } = ok(
        await t.admin.post(
          '/api/v1/integrations.create',
          outgoing({
            urls: [`${receiver.url}${path}`],
            triggerWords: ['!flaky'],
            retryFailedCalls: true,
            retryCount: 3,
            retryDelay: 'powers-of-ten',
          }),
        ),
      );
      expect(integration).toMatchObject({ retryFailedCalls: true, retryCount: 3, retryDelay: 'powers-of-ten' });
      await send('!flaky deploy');
      await eventually(() => receiver.on(path).length === 3);
      const steps = await eventually(async () => {
        const entries = await history(integration._id);
        return entries.length === 3 && entries.every((entry) => entry.finished) && entries;
      });
      expect(steps.map((entry) => entry.step).sort()).toEqual(['after-http-call', 'going-to-retry-1', 'going-to-retry-2']);
      expect(receiver.on(path).every((one) => one.body.text === '!flaky deploy')).toBe(true);

      // replayOutgoingIntegration makes a recorded call again.
      const ddp = await DdpClient.connect(t.stack.gatewayUrl());
      try {
        await ddp.login('admin', 'admin-e2e-pass');
        expect(await ddp.call('replayOutgoingIntegration', { integrationId: integration._id, historyId: steps[0]._id })).toBe(true);
        await eventually(() => receiver.on(path).length === 4);
        await expect(ddp.call('replayOutgoingIntegration', { integrationId: integration._id, historyId: 'nope' })).rejects.toMatchObject({
          error: { error: 'history-data-must-be-defined' },
        });
      } finally {
        await ddp.close();
      }
    });

    it('fires on users created, rooms created, joined and left', async () => {
      const created = ok(
        await t.admin.post(
          '/api/v1/integrations.create',
          outgoing({ event: 'userCreated', channel: undefined, targetRoom: `#${roomName}`, urls: [`${receiver.url}/users`] }),
        ),
      );
      const joined = ok(
        await t.admin.post('/api/v1/integrations.create', outgoing({ event: 'roomJoined', urls: [`${receiver.url}/joins`] })),
      );
      expect(created.integration.channel).toEqual([]);
      const newcomer = await createUser(t.admin, 'newcomer');
      const [user] = await eventually(
        () =>
          receiver.on('/users').find((one) => one.body.user_name === newcomer.username) &&
          receiver.on('/users').filter((one) => one.body.user_name === newcomer.username),
      );
      expect(user.body).toMatchObject({ token: created.integration.token, user_id: newcomer.id, user: { username: newcomer.username } });
      expect(JSON.stringify(user.body)).not.toContain('bcrypt');

      ok(await newcomer.api.post('/api/v1/channels.join', { roomId }));
      const join = await eventually(() => receiver.on('/joins').find((one) => one.body.user_name === newcomer.username));
      expect(join.body).toMatchObject({ channel_id: roomId, channel_name: roomName, user_id: newcomer.id });
      expect(joined.integration.event).toBe('roomJoined');

      ok(await t.admin.post('/api/v1/integrations.create', outgoing({ event: 'roomLeft', urls: [`${receiver.url}/leaves`] })));
      ok(
        await t.admin.post(
          '/api/v1/integrations.create',
          outgoing({ event: 'roomCreated', channel: undefined, urls: [`${receiver.url}/rooms`] }),
        ),
      );
      ok(await newcomer.api.post('/api/v1/channels.leave', { roomId }));
      const left = await eventually(() => receiver.on('/leaves').find((one) => one.body.user_name === newcomer.username));
      expect(left.body).toMatchObject({ channel_id: roomId, user_id: newcomer.id });
      const otherRoom = uniqueName('other');
      const made = ok(await newcomer.api.post('/api/v1/channels.create', { name: otherRoom })).channel;
      const room = await eventually(() => receiver.on('/rooms').find((one) => one.body.channel_name === otherRoom));
      expect(room.body).toMatchObject({
        channel_id: made._id,
        user_id: newcomer.id,
        user_name: newcomer.username,
        owner: { _id: newcomer.id },
      });
    });

    it('fires on a file uploaded into the channel and on a room archived, with the file and the room', async () => {
      const uploads = ok(
        await t.admin.post('/api/v1/integrations.create', outgoing({ event: 'fileUploaded', urls: [`${receiver.url}/files`] })),
      );
      ok(
        await t.admin.post(
          '/api/v1/integrations.create',
          outgoing({ event: 'roomArchived', channel: undefined, urls: [`${receiver.url}/archived`] }),
        ),
      );

      const form = new FormData();
      form.append('file', new Blob([new TextEncoder().encode('minutes of the meeting')], { type: 'text/plain' }), 'minutes.txt');
      form.append('msg', 'the minutes');
      const credentials = t.admin.credentials!;
      const uploaded = await fetch(`${t.stack.gatewayUrl()}/api/v1/rooms.upload/${roomId}`, {
        method: 'POST',
        body: form,
        headers: { 'x-user-id': credentials.userId, 'x-auth-token': credentials.authToken },
      });
      expect(uploaded.status).toBe(200);
      const message = ((await uploaded.json()) as { message: { _id: string; file: { _id: string } } }).message;
      const call = await eventually(() => receiver.on('/files').find((one) => one.body.message_id === message._id));
      expect(call.body).toMatchObject({
        token: uploads.integration.token,
        channel_id: roomId,
        channel_name: roomName,
        user_name: 'admin',
        text: 'the minutes',
        message: { _id: message._id, file: { _id: message.file._id, name: 'minutes.txt', type: 'text/plain' } },
        room: { _id: roomId },
        user: { username: 'admin' },
      });
      expect(JSON.stringify(call.body)).not.toContain('bcrypt');
      // A message without a file is not an upload.
      await send('no file here');
      expect(receiver.on('/files').filter((one) => one.body.text === 'no file here')).toHaveLength(0);

      const archivedName = uniqueName('archive-me');
      const archivedRoom = ok(await member.api.post('/api/v1/channels.create', { name: archivedName })).channel;
      ok(await member.api.post('/api/v1/channels.archive', { roomId: archivedRoom._id }));
      const archived = await eventually(() => receiver.on('/archived').find((one) => one.body.channel_id === archivedRoom._id));
      expect(archived.body).toMatchObject({
        channel_name: archivedName,
        user_id: member.id,
        user_name: member.username,
        room: { _id: archivedRoom._id },
        user: { _id: member.id },
      });
    });
  });

  describe('the address rule (SSRF), private addresses not allowed', () => {
    beforeAll(async () => {
      await setting('Integrations_Allow_Private_Addresses', false);
    });

    it('refuses to call a loopback or link-local address and records why, without retrying', async () => {
      const path = `/refused-${uniqueName('p')}`;
      const { integration } = ok(
        await t.admin.post(
          '/api/v1/integrations.create',
          outgoing({
            urls: [
              `${receiver.url}${path}`,
              'http://169.254.169.254/latest/meta-data/',
              `http://localhost:${new URL(receiver.url).port}${path}`,
            ],
            triggerWords: ['!ssrf'],
            retryFailedCalls: true,
            retryCount: 2,
          }),
        ),
      );
      await send('!ssrf probe');
      const entries = await eventually(async () => {
        const found = await history(integration._id);
        return found.length === 3 && found.every((entry) => entry.finished) && found;
      });
      for (const entry of entries) {
        expect(entry).toMatchObject({ step: 'after-http-call', error: true, httpError: { name: 'AddressRefusedError' } });
        expect(entry.httpError.message).toMatch(/not a public address/);
      }
      expect(receiver.on(path)).toHaveLength(0);
    });
  });
});
