import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { hashLoginToken } from '@rc/contracts';
import type { StackOptions } from '@rc/local-stack';
import EJSON from 'ejson';
import { execFileSync } from 'node:child_process';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DdpClient } from '../support/ddp-client.js';
import { queryPlans } from '../support/query-plans.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

/**
 * Push end to end. Apple's and Google's servers (and Rocket.Chat's gateway) are unreachable from here, so the
 * test starts receivers speaking their protocols at the network boundary: an HTTP server for the push gateway
 * (`/push/<service>/send`) and FCM HTTP v1 (OAuth2 token endpoint + `messages:send`), and an HTTP/2 TLS server
 * with a self-signed certificate for APNs, which checks the server's client certificate.
 */

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  at: number;
  /** What the receiver answered. */
  status?: number;
}

const readBody = (request: IncomingMessage | http2.Http2ServerRequest) =>
  new Promise<string>((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => resolve(text));
  });

async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The push gateway and FCM: one HTTP server; `answer` decides the status of the next send. */
class HttpReceiver {
  readonly sends: Received[] = [];
  readonly tokenRequests: string[] = [];
  answer: (path: string, body: any) => number = () => 200;
  accessToken = 'ya29.local-access-token';
  publicKey = '';
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void readBody(request).then((text) => {
        const path = request.url ?? '';
        if (path === '/token') {
          // The OAuth2 jwt-bearer grant: the assertion must be signed with the service account's key.
          const assertion = new URLSearchParams(text).get('assertion') ?? '';
          const [header, claims, signature] = assertion.split('.');
          const valid = createVerify('RSA-SHA256')
            .update(`${header}.${claims}`)
            .verify(this.publicKey, Buffer.from(signature ?? '', 'base64url'));
          this.tokenRequests.push(JSON.parse(Buffer.from(claims ?? '', 'base64url').toString()).scope);
          response.writeHead(valid ? 200 : 401, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify(valid ? { access_token: this.accessToken, expires_in: 3600, token_type: 'Bearer' } : { error: 'invalid_grant' }),
          );
          return;
        }
        const body = JSON.parse(text);
        const status = this.answer(path, body);
        this.sends.push({ path, headers: request.headers, body, at: Date.now(), status });
        response
          .writeHead(status, { 'content-type': 'application/json' })
          .end(status === 200 ? '{"name":"projects/p/messages/1"}' : '{"error":"no"}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** APNs: HTTP/2 over TLS, the client certificate required and checked. */
class ApnReceiver {
  readonly sends: Received[] = [];
  answer: () => { status: number; reason?: string } = () => ({ status: 200 });
  private server!: http2.Http2SecureServer;
  url = '';

  async start(tls: { key: string; cert: string; clientCa: string }): Promise<void> {
    this.server = http2.createSecureServer({ key: tls.key, cert: tls.cert, ca: tls.clientCa, requestCert: true, rejectUnauthorized: true });
    this.server.on('request', (request, response) => {
      void readBody(request).then((text) => {
        this.sends.push({ path: request.url, headers: request.headers, body: JSON.parse(text), at: Date.now() });
        const { status, reason } = this.answer();
        response.writeHead(status, { 'apns-id': 'local' });
        response.end(reason ? JSON.stringify({ reason }) : '');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function selfSigned(dir: string, name: string): { key: string; cert: string; certPath: string } {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

describe('push notifications', () => {
  const gateway = new HttpReceiver();
  const fcm = new HttpReceiver();
  const apn = new ApnReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'push-e2e-'));
  const apnServer = selfSigned(dir, 'apns-server');
  const apnClient = selfSigned(dir, 'rocket-nest-client');
  const options: StackOptions = {};

  beforeAll(async () => {
    await Promise.all([gateway.start(), fcm.start(), apn.start({ key: apnServer.key, cert: apnServer.cert, clientCa: apnClient.cert })]);
    options.appEnv = {
      core: {
        NOTIFICATIONS_WORKER_TIMEOUT: '200',
        PUSH_RETRY_BASE_MS: '200',
        PUSH_MAX_ATTEMPTS: '3',
        // A claim of the killed core is taken over after 2 s.
        PUSH_QUEUE_LOCK_MS: '2000',
        PUSH_FCM_URL: fcm.url,
        PUSH_APN_URL: apn.url,
        // The local APNs' self-signed certificate, trusted as Apple's CA would be.
        NODE_EXTRA_CA_CERTS: apnServer.certPath,
      },
    };
  });
  const t = useStack(options);
  let probe: StackProbe;
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let rid: string;
  const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
  const tokens = () => probe.db.collection('_raix_push_app_tokens');
  const queue = () => probe.db.collection('rocketchat_notification_queue');
  const send = async (user: CoreUser, msg: string) =>
    ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid, msg } })).message;
  const register = (user: CoreUser, type: string, value: string, appName = 'chat.rocket.reactnative') =>
    user.api.post('/api/v1/push.token', { type, value, appName });
  const sendsFor = (receiver: { sends: Received[] }, mid: string) => receiver.sends.filter((s) => JSON.stringify(s.body).includes(mid));

  beforeAll(async () => {
    probe = await StackProbe.open(t.stack);
    [alice, bob, carol] = await Promise.all([createUser(t.admin, 'alice'), createUser(t.admin, 'bob'), createUser(t.admin, 'carol')]);
    rid = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('push'), members: [bob.username, carol.username] })).channel
      ._id;
    await setSetting('Push_gateway', gateway.url);
    await setSetting('Push_request_content_from_server', false);
    await setSetting('Site_Url', 'https://chat.example.com');
  });

  afterEach(() => {
    gateway.answer = () => 200;
    apn.answer = () => ({ status: 200 });
  });

  afterAll(async () => {
    await probe?.close();
    await Promise.all([gateway.stop(), fcm.stop(), apn.stop()]);
  });

  it('push.token refuses bad input with Rocket.Chat error ids and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'web', value: 'x', appName: 'a' }, 'error-type-param-not-valid'],
      [{ type: 'apn', value: '', appName: 'a' }, 'error-token-param-not-valid'],
      [{ type: 'gcm', value: 42, appName: 'a' }, 'error-token-param-not-valid'],
      [{ type: 'gcm', value: 'x' }, 'error-appName-param-not-valid'],
      [{ type: 'gcm', value: 'x', appName: 'a', id: { $ne: 1 } }, 'error-id-param-not-valid'],
    ];
    for (const [body, errorType] of cases) {
      const response = await bob.api.post('/api/v1/push.token', body);
      expect([response.status, response.body.errorType]).toEqual([400, errorType]);
    }
    expect(await tokens().countDocuments({ userId: bob.id })).toBe(0);
    expect((await t.api.post('/api/v1/push.token', { type: 'apn', value: 'x', appName: 'a' })).status).toBe(401);
  });

  it("registers a device in _raix_push_app_tokens with Rocket.Chat's shape; a token claimed by another user moves to them", async () => {
    await queryPlans(probe.db, ['_raix_push_app_tokens']);
    const { result } = ok(
      await bob.api.send<Record<string, any>>('POST', '/api/v1/push.token', {
        id: 'bob-iphone',
        type: 'apn',
        value: 'apn-bob',
        appName: 'chat.rocket.ios',
      }),
    );
    expect(result).toMatchObject({
      _id: 'bob-iphone',
      token: { apn: 'apn-bob' },
      appName: 'chat.rocket.ios',
      userId: bob.id,
      enabled: true,
    });
    const stored = await tokens().findOne({ _id: 'bob-iphone' as never });
    expect(stored).toMatchObject({ token: { apn: 'apn-bob' }, userId: bob.id, authToken: hashLoginToken(bob.api.credentials!.authToken) });
    expect(stored!.createdAt).toBeInstanceOf(Date);
    expect(stored!.updatedAt).toBeInstanceOf(Date);

    // Same device id again: updated, not duplicated.
    ok(await register(bob, 'apn', 'apn-bob', 'chat.rocket.ios'));
    expect(await tokens().countDocuments({ 'token.apn': 'apn-bob' })).toBe(1);

    ok(await register(carol, 'gcm', 'gcm-shared'));
    ok(await register(alice, 'gcm', 'gcm-shared'));
    const shared = await tokens().find({ 'token.gcm': 'gcm-shared' }).toArray();
    expect(shared.map((doc) => doc.userId)).toEqual([alice.id]);
    // Carol cannot delete what is now Alice's: 404, as Rocket.Chat's notFound().
    const foreign = await carol.api.send<Record<string, any>>('DELETE', '/api/v1/push.token', { token: 'gcm-shared' });
    expect([foreign.status, foreign.body]).toEqual([404, { success: false, error: 'Resource not found' }]);
    ok(await alice.api.send<Record<string, any>>('DELETE', '/api/v1/push.token', { token: 'gcm-shared' }));
    expect(await tokens().countDocuments({ 'token.gcm': 'gcm-shared' })).toBe(0);
    expect((await alice.api.send<Record<string, any>>('DELETE', '/api/v1/push.token', {})).body.errorType).toBe(
      'error-token-param-not-valid',
    );
    // Every lookup by device or token value went through an index.
    expect((await queryPlans(probe.db, ['_raix_push_app_tokens'])).scans).toEqual([]);
  });

  it('DDP raix:push-update and raix:push-setuser', async () => {
    const socket = await DdpClient.connect(t.stack.gatewayUrl());
    try {
      await socket.loginWithToken(carol.api.credentials!.authToken);
      const doc = await socket.call('raix:push-update', {
        id: 'carol-pixel',
        token: { gcm: 'gcm-carol' },
        appName: 'chat.rocket.android',
        userId: carol.id,
      });
      expect(doc).toMatchObject({ _id: 'carol-pixel', token: { gcm: 'gcm-carol' }, userId: carol.id });
      expect(await socket.call('raix:push-setuser', 'carol-pixel')).toBe(true);
      expect(await socket.call('raix:push-setuser', 'no-such-device')).toBe(false);
    } finally {
      await socket.close();
    }
  });

  it('push.info', async () => {
    expect(ok(await bob.api.get('/api/v1/push.info'))).toEqual({ success: true, pushGatewayEnabled: true, defaultPushGateway: false });
  });

  it("delivers through the push gateway protocol with Rocket.Chat's payload", async () => {
    const message = await send(alice, 'hello @' + bob.username);
    const [request] = await waitFor(
      () =>
        sendsFor(gateway, message._id).some((s) => s.path === '/push/apn/send')
          ? sendsFor(gateway, message._id).filter((s) => s.path === '/push/apn/send')
          : null,
      'the gateway push',
    );
    const room = ok(await alice.api.get('/api/v1/channels.info', { roomId: rid })).channel;
    // The badge: Bob's unread messages over his rooms when the push went.
    const unread = (await probe.db.collection('rocketchat_subscription').find({ 'u._id': bob.id }).toArray()).reduce(
      (sum, s) => sum + (s.unread ?? 0),
      0,
    );
    expect(request.body.token).toBe('apn-bob');
    const { createdAt, notId, ...options } = request.body.options;
    expect(typeof createdAt).toBe('string');
    expect(typeof notId).toBe('number');
    expect(options).toEqual({
      topic: 'chat.rocket.ios',
      createdBy: '<SERVER>',
      sent: false,
      sending: 0,
      from: 'push',
      badge: unread,
      sound: 'default',
      title: `#${room.name}`,
      text: `${alice.username}: hello @${bob.username}`,
      payload: {
        host: 'https://chat.example.com/',
        messageId: message._id,
        notificationType: 'message',
        rid,
        sender: { _id: alice.id, username: alice.username, name: `User ${alice.username}` },
        senderName: alice.username,
        type: 'c',
        name: room.name,
      },
      userId: bob.id,
      gcm: { style: 'inbox', image: 'https://chat.example.com/images/logo/android-chrome-192x192.png' },
      apn: { category: 'MESSAGE' },
      uniqueId: 'https://chat.example.com',
    });
    // Carol's Android device got hers through /push/gcm/send; the sender none.
    await waitFor(
      () => sendsFor(gateway, message._id).find((s) => s.path === '/push/gcm/send' && s.body.token === 'gcm-carol'),
      'carol push',
    );
    expect(sendsFor(gateway, message._id).some((s) => s.body.options.userId === alice.id)).toBe(false);
    await waitFor(async () => (await queue().countDocuments({ mid: message._id })) === 0, 'the queue to empty');
  });

  it('privacy: Push_show_message, Push_show_username_room, and the id-only mode with push.get', async () => {
    await setSetting('Push_show_message', false);
    const hidden = await send(alice, 'secret plans');
    const first = await waitFor(() => sendsFor(gateway, hidden._id).find((s) => s.body.token === 'apn-bob'), 'hidden push');
    expect(first.body.options.text).toBe(`${alice.username}: You have a new message`);
    expect(JSON.stringify(first.body)).not.toContain('secret plans');

    await setSetting('Push_show_username_room', false);
    const anonymous = await send(alice, 'who said that');
    const second = await waitFor(() => sendsFor(gateway, anonymous._id).find((s) => s.body.token === 'apn-bob'), 'anonymous push');
    expect([
      second.body.options.title,
      second.body.options.text,
      second.body.options.payload.senderName,
      second.body.options.payload.name,
    ]).toEqual(['', 'You have a new message', '', '']);

    await setSetting('Push_show_message', true);
    await setSetting('Push_show_username_room', true);
    await setSetting('Push_request_content_from_server', true);
    const idOnly = await send(alice, 'fetch me');
    const third = await waitFor(() => sendsFor(gateway, idOnly._id).find((s) => s.body.token === 'apn-bob'), 'id-only push');
    expect([third.body.options.title, third.body.options.text]).toEqual(['', 'You have a new message']);
    expect(third.body.options.payload).toEqual({
      host: 'https://chat.example.com/',
      messageId: idOnly._id,
      notificationType: 'message-id-only',
    });
    // The app then fetches the content.
    const { data } = ok(await bob.api.get('/api/v1/push.get', { id: idOnly._id }));
    expect(data.message._id).toBe(idOnly._id);
    expect(data.notification.text).toBe(`${alice.username}: fetch me`);
    expect((await bob.api.get('/api/v1/push.get', { id: 'no-such-message' })).body.errorType).toBe('error-message-not-found');
    await setSetting('Push_request_content_from_server', false);
  });

  it('rooms.saveNotification and saveNotificationSettings decide who gets a push', async () => {
    const bad = await bob.api.post('/api/v1/rooms.saveNotification', { roomId: rid, notifications: { mobilePushNotifications: 'often' } });
    expect([bad.status, bad.body.errorType]).toEqual([400, 'error-invalid-settings']);
    const notMember = await bob.api.post('/api/v1/rooms.saveNotification', {
      roomId: 'GENERAL-nope',
      notifications: { muteGroupMentions: '1' },
    });
    expect(notMember.body.errorType).toBe('error-invalid-subscription');

    ok(await bob.api.post('/api/v1/rooms.saveNotification', { roomId: rid, notifications: { mobilePushNotifications: 'nothing' } }));
    const socket = await DdpClient.connect(t.stack.gatewayUrl());
    await socket.loginWithToken(carol.api.credentials!.authToken);
    expect(await socket.call('saveNotificationSettings', rid, 'muteGroupMentions', '1')).toBe(true);
    await socket.close();
    const subscriptions = probe.db.collection('rocketchat_subscription');
    expect(await subscriptions.findOne({ rid, 'u._id': bob.id })).toMatchObject({
      mobilePushNotifications: 'nothing',
      mobilePrefOrigin: 'subscription',
    });

    // @all: carol muted group mentions, bob wants nothing; alice (sender) never. Then a plain message reaches carol only.
    const toAll = await send(alice, '@all standup');
    const plain = await send(alice, 'after standup');
    await waitFor(() => sendsFor(gateway, plain._id).find((s) => s.body.token === 'gcm-carol'), 'carol push of the plain message');
    await waitFor(async () => (await queue().countDocuments({ mid: { $in: [toAll._id, plain._id] } })) === 0, 'the queue to empty');
    expect(sendsFor(gateway, toAll._id)).toEqual([]);
    expect(sendsFor(gateway, plain._id).map((s) => s.body.token)).toEqual(['gcm-carol']);

    ok(await bob.api.post('/api/v1/rooms.saveNotification', { roomId: rid, notifications: { mobilePushNotifications: 'default' } }));
    expect(await subscriptions.findOne({ rid, 'u._id': bob.id })).not.toHaveProperty('mobilePushNotifications');
  });

  it("users.setPreferences: the user's pushNotifications applies where the room has no choice of its own", async () => {
    const bad = await carol.api.post('/api/v1/users.setPreferences', { data: { pushNotifications: 'sometimes' } });
    expect([bad.status, bad.body.errorType]).toEqual([400, 'invalid-params']);
    const saved = ok(
      await carol.api.post('/api/v1/users.setPreferences', { data: { pushNotifications: 'nothing', highlights: ['deploy'] } }),
    );
    expect(saved.user).toEqual({ _id: carol.id, settings: { preferences: { pushNotifications: 'nothing', highlights: ['deploy'] } } });
    const foreign = await carol.api.post('/api/v1/users.setPreferences', { userId: bob.id, data: { pushNotifications: 'nothing' } });
    // Rocket.Chat's `Meteor.Error('error-action-not-allowed', 'Editing user is not allowed')`: a 400.
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });

    // Carol's "nothing" silences the plain message; Bob (server default "all") still gets it.
    const quiet = await send(alice, 'nothing for carol');
    await waitFor(() => sendsFor(gateway, quiet._id).find((s) => s.body.token === 'apn-bob'), 'bob push');
    await waitFor(async () => (await queue().countDocuments({ mid: quiet._id })) === 0, 'the queue to empty');
    expect(sendsFor(gateway, quiet._id).map((s) => s.body.token)).toEqual(['apn-bob']);

    // Back to "mentions": her highlight word notifies her.
    ok(await carol.api.post('/api/v1/users.setPreferences', { data: { pushNotifications: 'mentions' } }));
    const highlighted = await send(alice, 'the deploy is done');
    await waitFor(() => sendsFor(gateway, highlighted._id).find((s) => s.body.token === 'gcm-carol'), 'carol highlight push');
    ok(await carol.api.post('/api/v1/users.setPreferences', { data: { pushNotifications: 'default', highlights: [] } }));
    expect((await probe.db.collection('users').findOne({ _id: carol.id as never }))!.settings.preferences).toEqual({ highlights: [] });
  });

  it('an online user waits (NOTIFICATIONS_SCHEDULE_DELAY_ONLINE); reading the room drops the waiting push', async () => {
    const socket = await DdpClient.connect(t.stack.gatewayUrl());
    try {
      await socket.loginWithToken(bob.api.credentials!.authToken);
      await waitFor(
        async () => (await probe.db.collection('users').findOne({ _id: bob.id as never }))?.statusConnection === 'online',
        'bob online',
      );
      const message = await send(alice, 'bob is here');
      // Carol (offline) gets hers at once; Bob's waits about two minutes.
      await waitFor(() => sendsFor(gateway, message._id).find((s) => s.body.token === 'gcm-carol'), 'carol push');
      const waiting = await waitFor(() => queue().findOne({ mid: message._id, uid: bob.id }), "bob's waiting item");
      expect(waiting.schedule.getTime()).toBeGreaterThan(Date.now() + 60_000);
      expect(sendsFor(gateway, message._id).map((s) => s.body.token)).toEqual(['gcm-carol']);
      ok(await bob.api.post('/api/v1/subscriptions.read', { rid }));
      expect(await queue().countDocuments({ mid: message._id })).toBe(0);
    } finally {
      await socket.close();
    }
    await waitFor(
      async () => (await probe.db.collection('users').findOne({ _id: bob.id as never }))?.statusConnection === 'offline',
      'bob offline',
    );
  });

  it('retries an unreachable gateway, survives a restart of core, and sends once', async () => {
    let failing = true;
    gateway.answer = () => (failing ? 503 : 200);
    const message = await send(alice, 'through the outage');
    await waitFor(
      async () => (await queue().findOne({ mid: message._id, uid: bob.id, attempts: { $gte: 1 } })) !== null,
      'a failed attempt recorded',
    );
    const [core] = t.stack.instances('core');
    await t.stack.restart(core, 'kill');
    failing = false;
    await waitFor(async () => (await queue().countDocuments({ mid: message._id })) === 0, 'the queue to empty after the restart', 30_000);
    const delivered = sendsFor(gateway, message._id).filter((s) => s.body.token === 'apn-bob');
    // At least one attempt before the restart was refused with 503; after it, exactly one was accepted.
    expect(delivered.filter((s) => s.status === 503).length).toBeGreaterThanOrEqual(1);
    expect(delivered.filter((s) => s.status === 200)).toHaveLength(1);
    gateway.answer = () => 200;
  });

  it("takes over a dead worker's claim, and gives up after the last retry", async () => {
    const message = await send(alice, 'claimed long ago');
    await waitFor(() => sendsFor(gateway, message._id).find((s) => s.body.token === 'apn-bob'), 'first push');
    const stale = {
      _id: uniqueName('stale'),
      uid: bob.id,
      rid,
      mid: message._id,
      ts: new Date(Date.now() - 3_600_000),
      // Claimed an hour ago by a worker that died: its claim ended two seconds later.
      sending: new Date(Date.now() - 3_600_000),
      schedule: new Date(Date.now() - 3_600_000 + 2000),
      items: [{ type: 'push', data: { payload: {}, roomName: '', username: 'x', message: 'orphaned', category: 'MESSAGE' } }],
    };
    await queue().insertOne(stale as never);
    await waitFor(() => gateway.sends.find((s) => s.body.options?.text === 'orphaned'), 'the orphaned item sent');

    gateway.answer = () => 500;
    const doomed = await send(alice, 'never arrives');
    await waitFor(
      async () =>
        sendsFor(gateway, doomed._id).filter((s) => s.body.token === 'apn-bob').length >= 3 &&
        (await queue().countDocuments({ mid: doomed._id })) === 0,
      'three attempts, then dropped',
    );
    expect(sendsFor(gateway, doomed._id).filter((s) => s.body.token === 'apn-bob')).toHaveLength(3);
    const metrics = await (await fetch(`${t.stack.instances('core')[0].url}/metrics`)).text();
    expect(metrics).toMatch(/push_notifications_dropped_total\{[^}]*\} [1-9]/);
    gateway.answer = () => 200;
  });

  it('removes a token the gateway says is invalid (406)', async () => {
    ok(await register(bob, 'gcm', 'gcm-dead'));
    gateway.answer = (_path, body) => (body.token === 'gcm-dead' ? 406 : 200);
    const message = await send(alice, 'to a dead device');
    await waitFor(async () => (await tokens().countDocuments({ 'token.gcm': 'gcm-dead' })) === 0, 'the dead token removed');
    expect(await tokens().countDocuments({ 'token.apn': 'apn-bob' })).toBe(1);
    gateway.answer = () => 200;
    await waitFor(async () => (await queue().countDocuments({ mid: message._id })) === 0, 'the queue to empty');
  });

  it('sends directly to FCM HTTP v1 with the service account (no gateway)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fcm.publicKey = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await setSetting(
      'Push_google_api_credentials',
      JSON.stringify({
        type: 'service_account',
        project_id: 'rocket-nest-test',
        private_key_id: 'k1',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: 'push@rocket-nest-test.iam.gserviceaccount.com',
        token_uri: `${fcm.url}/token`,
      }),
    );
    await setSetting('Push_enable_gateway', false);
    const message = await send(alice, 'via fcm');
    const request = await waitFor(() => sendsFor(fcm, message._id).find((s) => s.body.message.token === 'gcm-carol'), 'the FCM send');
    expect(request.path).toBe('/v1/projects/rocket-nest-test/messages:send');
    expect(request.headers.authorization).toBe(`Bearer ${fcm.accessToken}`);
    expect(fcm.tokenRequests).toContain('https://www.googleapis.com/auth/firebase.messaging');
    const { data, ...rest } = request.body.message;
    expect(rest).toEqual({
      token: 'gcm-carol',
      notification: { title: expect.stringMatching(/^#push-/), body: `${alice.username}: via fcm` },
      android: { priority: 'HIGH' },
    });
    expect(data).toMatchObject({
      msgcnt: expect.any(String),
      soundname: 'default',
      style: 'inbox',
      image: 'https://chat.example.com/images/logo/android-chrome-192x192.png',
    });
    expect(EJSON.parse(data.ejson)).toMatchObject({ messageId: message._id, rid, notificationType: 'message' });
  });

  it("sends directly to APNs over HTTP/2 with the server's certificate; 410 removes the token", async () => {
    await setSetting('Push_apn_cert', apnClient.cert);
    await setSetting('Push_apn_key', apnClient.key);
    const message = await send(alice, 'via apns');
    const request = await waitFor(() => apn.sends.find((s) => JSON.stringify(s.body).includes(message._id)), 'the APNs send');
    expect(request.path).toBe('/3/device/apn-bob');
    expect(request.headers).toMatchObject({ 'apns-topic': 'chat.rocket.ios', 'apns-push-type': 'alert', 'apns-priority': '10' });
    expect(request.body.aps).toEqual({
      alert: { title: expect.stringMatching(/^#push-/), body: `${alice.username}: via apns` },
      badge: expect.any(Number),
      sound: 'default',
      category: 'MESSAGE',
      'thread-id': expect.any(String),
      'mutable-content': 1,
    });
    expect(EJSON.parse(request.body.ejson)).toMatchObject({ messageId: message._id, rid });
    expect(request.body.messageFrom).toBe('push');

    apn.answer = () => ({ status: 410, reason: 'Unregistered' });
    await send(alice, 'to an uninstalled app');
    await waitFor(async () => (await tokens().countDocuments({ 'token.apn': 'apn-bob' })) === 0, 'the unregistered token removed');
    apn.answer = () => ({ status: 200 });
    await setSetting('Push_enable_gateway', true);
  });

  it("push.test sends to the caller's devices; logout removes the devices registered with that login", async () => {
    const phone = await bob.api.as(undefined).login(bob.username, 'Sturdy-pass-42');
    ok(await phone.post('/api/v1/push.token', { type: 'gcm', value: 'gcm-bob-phone', appName: 'chat.rocket.android' }));
    expect(ok(await phone.post('/api/v1/push.test'))).toEqual({ success: true, tokensCount: 1 });
    await waitFor(
      () => gateway.sends.find((s) => s.body.token === 'gcm-bob-phone' && s.body.options.text === 'This is a test push message'),
      'the test push',
    );
    ok(await phone.post('/api/v1/logout'));
    await waitFor(async () => (await tokens().countDocuments({ 'token.gcm': 'gcm-bob-phone' })) === 0, 'the device removed at logout');
  });

  it('fan-out latency, message to receiver (small scale)', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      const message = await send(alice, `latency ${i}`);
      const arrived = await waitFor(() => sendsFor(gateway, message._id).find((s) => s.body.token === 'gcm-carol'), 'the push');
      latencies.push(arrived.at - started);
    }
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
    console.log(
      `push fan-out message→gateway receiver over ${latencies.length} messages: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${latencies.at(-1)} ms`,
    );
    expect(latencies).toHaveLength(20);
  });
});
