import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as contracts from '@rc/contracts';
import { BindableContract, type RestBinding } from '@rc/contracts';
import EJSON from 'ejson';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROCKET_CHAT_STRICT_ROUTES } from '../../apps/gateway/src/bindings/rocket-chat-strict-routes.js';
import { sampleParams } from '../../apps/gateway/src/bindings/strict-route-samples.js';
import { createUser, ok, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import type { RestClient, RestResponse } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';

/** Every REST route of the gateway's binding registry (what it mounts without a hand-written controller). */
const BOUND: readonly RestBinding[] = Object.values(contracts as Record<string, unknown>)
  .filter((value): value is BindableContract<never, unknown> => value instanceof BindableContract)
  .flatMap((contract) => contract.rest);

/** The hand-written JSON routes, with the status an anonymous empty request gets (Rocket.Chat's). */
const HAND_WRITTEN: ReadonlyArray<{ method: 'GET' | 'POST'; path: string; status: number }> = [
  { method: 'POST', path: '/api/v1/login', status: 400 },
  { method: 'POST', path: '/api/v1/logout', status: 401 },
  { method: 'GET', path: '/api/v1/me', status: 401 },
  { method: 'GET', path: '/api/info', status: 200 },
  { method: 'POST', path: '/api/v1/method.call/getRoomRoles', status: 401 },
  { method: 'POST', path: '/api/v1/method.callAnon/getRoomRoles', status: 400 },
  { method: 'POST', path: '/api/v1/users.setAvatar', status: 401 },
  { method: 'POST', path: '/api/v1/rooms.media/GENERAL', status: 401 },
  { method: 'GET', path: '/api/v1/no.such.route', status: 404 },
];

const urlOf = (binding: RestBinding) => `/api/${binding.root}/${binding.path.replace(/:(\w+)/g, 'x$1')}`;
const send = (client: RestClient, binding: RestBinding) =>
  client.send(binding.method, urlOf(binding), binding.method === 'GET' || binding.method === 'DELETE' ? undefined : {});

/** A DDP method over REST `method.call`, as Rocket.Chat's clients send it (`id` as given). */
async function methodCall(user: CoreUser, method: string, params: unknown[], id: unknown = '1'): Promise<Record<string, any>> {
  const message = EJSON.stringify({ msg: 'method', id, method, params });
  const { body } = await user.api.post(`/api/v1/method.call/${encodeURIComponent(method)}`, { message });
  return EJSON.parse(body.message as string) as Record<string, any>;
}

const refusal = (response: RestResponse) => ({ status: response.status, ...response.body });

/**
 * Rocket.Chat's protocol rules as classes, checked over every claimed route where a class applies (a new route
 * is covered by the walk over the registry), then the input rules, texts and shapes of issue 15 route by route.
 */
/** A page with meta tags on `host` (a free port), and a redirect to `redirectTo`. */
async function pageServer(host: string, redirectTo?: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.url === '/redirect' && redirectTo) {
      response.writeHead(302, { location: redirectTo }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<html><head><title>Preview me</title><meta property="og:title" content="An OG title"></head><body></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}

describe('protocol parity with Rocket.Chat', () => {
  // Core may reach 127.0.0.1 (the test's page server) and no other private address: 127.0.0.2 stands for the
  // server's own network. Every feature app runs, so that the walk of every bound route reaches a service.
  const t = useStack({ allFeatures: true, appEnv: { core: { URL_PREVIEW_ALLOWED_ADDRESSES: '127.0.0.1' } } });
  let alice: CoreUser;
  let bob: CoreUser;
  let allowed: { server: Server; url: string };
  let internal: { server: Server; url: string };

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser(t.admin, 'alice'), createUser(t.admin, 'bob')]);
    internal = await pageServer('127.0.0.2');
    allowed = await pageServer('127.0.0.1', `${internal.url}/`);
  });

  afterAll(async () => {
    await Promise.all([allowed, internal].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  });

  describe('content type: `application/json` exactly, on every JSON answer', () => {
    it(`every bound route (${BOUND.length}), anonymous and empty: JSON, and 401 where a login is needed`, async () => {
      const wrong: string[] = [];
      for (const binding of BOUND) {
        const response = await send(t.api, binding);
        const type = response.headers.get('content-type');
        if (type !== 'application/json') wrong.push(`${binding.method} ${binding.path}: ${type}`);
        if (binding.auth === 'user' && response.status !== 401) wrong.push(`${binding.method} ${binding.path}: ${response.status}`);
        if (response.status >= 500) wrong.push(`${binding.method} ${binding.path}: ${response.status}`);
      }
      expect(wrong).toEqual([]);
    });

    it('every bound GET route as a logged-in user without parameters: JSON, never a server error', async () => {
      const wrong: string[] = [];
      for (const binding of BOUND.filter((one) => one.method === 'GET')) {
        const response = await send(alice.api, binding);
        const type = response.headers.get('content-type');
        // But the Marketplace's routes: an offline Rocket.Chat answers them with this 500 too.
        const offlineMarketplace =
          response.status === 500 && (response.body as { error?: string }).error === 'Could not reach the Marketplace';
        if (type !== 'application/json' || (response.status >= 500 && !offlineMarketplace)) {
          wrong.push(`${binding.path}: ${response.status} ${type}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it.each(HAND_WRITTEN)('$method $path (hand-written) answers $status as JSON', async ({ method, path, status }) => {
      const response = await t.api.send(method, path, method === 'POST' ? {} : undefined);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json');
    });

    it('a malformed JSON body: 400 in the envelope, as JSON', async () => {
      const response = await alice.api.send('POST', '/api/v1/chat.sendMessage', '{"message": ');
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.body).toMatchObject({ success: false });
    });
  });

  describe('schema failures in Rocket.Chat words', () => {
    it.each([
      ['a wrong type', '/api/v1/chat.sendMessage', { message: { rid: 5, msg: 'x' } }, 'must be string [invalid-params]'],
      ['a missing key', '/api/v1/users.setActiveStatus', { activeStatus: true }, "must have required property 'userId' [invalid-params]"],
    ])('%s', async (_what, path, body, error) => {
      const response = await alice.api.post(path, body);
      expect(refusal(response)).toMatchObject({ status: 400, success: false, errorType: 'invalid-params', error });
    });
  });

  describe("unknown keys: Rocket.Chat's additionalProperties table, route by route", () => {
    it(`every strict route (${Object.keys(ROCKET_CHAT_STRICT_ROUTES).length}) refuses a key its schema does not name`, async () => {
      const wrong: string[] = [];
      for (const [key, accepted] of Object.entries(ROCKET_CHAT_STRICT_ROUTES)) {
        const binding = BOUND.find((one) => `${one.method} ${one.path}` === key)!;
        const url = urlOf(binding);
        // What Rocket.Chat's schema takes (values the mapping reads without an error), and one key more.
        const inQuery = binding.method === 'GET' || binding.method === 'DELETE';
        const params = { ...sampleParams(key, accepted[0], inQuery ? 'query' : 'body'), unexpectedKey: '1' };
        const query = new URLSearchParams();
        for (const [name, value] of Object.entries(params)) for (const one of [value].flat()) query.append(name, String(one));
        const response = inQuery
          ? await alice.api.send(binding.method, `${url}?${query.toString()}`)
          : await alice.api.send(binding.method, url, params);
        const { status } = response;
        const body = response.body as { error?: string };
        if (status !== 400 || body.error !== 'must NOT have additional properties [invalid-params]') {
          wrong.push(`${key}: ${status} ${JSON.stringify(body.error)}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('a key Rocket.Chat takes passes where this server has no use for it', async () => {
      const { messages } = ok(
        await alice.api.get('/api/v1/channels.history', { roomId: 'GENERAL', showThreadMessages: 'true', sort: '{}' }),
      );
      expect(Array.isArray(messages)).toBe(true);
    });
  });

  describe('input rules', () => {
    it('method.call takes a numeric id, answered under the same id', async () => {
      const result = await methodCall(alice, 'getRoomRoles', ['GENERAL'], 7);
      expect(result).toMatchObject({ msg: 'result', id: '7' });
      expect(result.error).toBeUndefined();
    });

    it('users.register ignores credentials sent along, even stale ones', async () => {
      const username = uniqueName('reg');
      const response = await t.api
        .as({ userId: 'nobody', authToken: 'stale-token' })
        .post('/api/v1/users.register', { username, email: `${username}@localhost`, pass: 'Sturdy-pass-42', name: username });
      expect(ok(response).user).toMatchObject({ username });
    });

    it('accepts e-mail addresses by Rocket.Chat rule (one @, something each side), refuses others', async () => {
      const username = uniqueName('mail');
      const create = (email: string) =>
        t.admin.post('/api/v1/users.create', { username, email, name: username, password: 'Sturdy-pass-42' });
      expect(refusal(await create('no-at-sign'))).toMatchObject({ status: 400, errorType: 'error-invalid-email' });
      expect(ok(await create(`${username}+tag@intranet`)).user).toMatchObject({ username });
    });

    it('teams.addMembers takes the member role', async () => {
      const team = ok(await alice.api.post('/api/v1/teams.create', { name: uniqueName('team'), type: 0 })).team;
      ok(await alice.api.post('/api/v1/teams.addMembers', { teamId: team._id, members: [{ userId: bob.id, roles: ['member'] }] }));
      const { members } = ok(await alice.api.get('/api/v1/teams.members', { teamId: team._id }));
      const bobs = members.find((m: { user: { _id: string } }) => m.user._id === bob.id);
      // Document shape: who added them.
      expect(bobs).toMatchObject({ roles: ['member'], createdBy: { _id: alice.id, username: alice.username } });
    });

    it('teams.create refuses an invalid sidepanel and keeps a valid one on the main room (channels.info)', async () => {
      for (const sidepanel of [{ items: [] }, { items: ['nope'] }, { items: ['channels', 'channels'] }, {}]) {
        const response = await alice.api.post('/api/v1/teams.create', { name: uniqueName('side'), type: 0, sidepanel });
        expect(refusal(response)).toMatchObject({ status: 400, errorType: 'error-invalid-sidepanel' });
      }
      const name = uniqueName('side');
      const team = ok(await alice.api.post('/api/v1/teams.create', { name, type: 0, sidepanel: { items: ['channels'] } })).team;
      const { channel } = ok(await alice.api.get('/api/v1/channels.info', { roomId: team.roomId }));
      expect(channel).toMatchObject({ teamMain: true, sidepanel: { items: ['channels'] } });
    });

    it('subscriptions.read takes rid or roomId, not both', async () => {
      const other = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('read') })).channel;
      expect(refusal(await alice.api.post('/api/v1/subscriptions.read', { rid: 'GENERAL', roomId: other._id }))).toMatchObject({
        status: 400,
        errorType: 'invalid-params',
        error: 'must match a schema in anyOf [invalid-params]',
      });
      ok(await alice.api.post('/api/v1/subscriptions.read', { roomId: other._id }));
      ok(await alice.api.post('/api/v1/subscriptions.read', { rid: other._id, readThreads: true }));
    });

    it('users.setStatus refuses an empty body', async () => {
      expect(refusal(await alice.api.post('/api/v1/users.setStatus', {}))).toMatchObject({ status: 400, errorType: 'invalid-params' });
    });
  });

  describe('direct messages: im.* by username, im.open of an open DM', () => {
    it('opens an open DM with 200 and finds it by the other member’s username', async () => {
      const room = ok(await alice.api.post('/api/v1/im.create', { username: bob.username })).room;
      ok(await alice.api.post('/api/v1/im.open', { roomId: room._id }));
      ok(await alice.api.post('/api/v1/im.close', { username: bob.username }));
      expect(refusal(await alice.api.post('/api/v1/im.close', { roomId: room._id }))).toMatchObject({ status: 400 });
      ok(await alice.api.post('/api/v1/im.open', { username: bob.username }));
      const { messages } = ok(await alice.api.get('/api/v1/im.history', { username: bob.username }));
      expect(Array.isArray(messages)).toBe(true);
    });
  });

  describe('document shapes', () => {
    it('rooms.info answers the team and parent of a team room, and honours fields', async () => {
      const team = ok(await alice.api.post('/api/v1/teams.create', { name: uniqueName('info'), type: 0 })).team;
      const room = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('in-team'), customFields: { level: 2 } })).channel;
      ok(await alice.api.post('/api/v1/teams.addRooms', { teamId: team._id, rooms: [room._id] }));
      const info = ok(await alice.api.get('/api/v1/rooms.info', { roomId: room._id }));
      expect(info).toMatchObject({
        room: { _id: room._id, customFields: { level: 2 } },
        team: { _id: team._id, name: team.name, roomId: team.roomId, type: 0 },
        parent: { _id: team.roomId },
      });
      const projected = ok(await alice.api.get('/api/v1/rooms.info', { roomId: room._id, fields: JSON.stringify({ name: 1 }) }));
      expect(projected.room).toEqual({ _id: room._id, name: room.name });
    });

    it("a new DM's subscription starts with the member's own notification preferences", async () => {
      const [frank, gina] = await Promise.all([createUser(t.admin, 'frank'), createUser(t.admin, 'gina')]);
      ok(
        await gina.api.post('/api/v1/users.setPreferences', {
          data: { emailNotificationMode: 'nothing', desktopNotifications: 'mentions' },
        }),
      );
      const room = ok(await frank.api.post('/api/v1/im.create', { username: gina.username })).room;
      const { subscription } = ok(await gina.api.get('/api/v1/subscriptions.getOne', { roomId: room._id }));
      expect(subscription).toMatchObject({ emailNotifications: 'nothing', emailPrefOrigin: 'user', desktopNotifications: 'mentions' });
      const own = ok(await frank.api.get('/api/v1/subscriptions.getOne', { roomId: room._id })).subscription;
      expect(own).not.toHaveProperty('emailNotifications');
    });

    it('users.info with fields={"userRooms":1} answers the rooms', async () => {
      const { user } = ok(await alice.api.get('/api/v1/users.info', { userId: alice.id, fields: JSON.stringify({ userRooms: 1 }) }));
      expect(user.rooms).toEqual(expect.arrayContaining([expect.objectContaining({ rid: 'GENERAL' })]));
    });
  });

  describe('routes that were missing', () => {
    it('pw.getPolicy and pw.getPolicyReset (unknown token: unauthorized)', async () => {
      expect(ok(await alice.api.get('/api/v1/pw.getPolicy'))).toMatchObject({ enabled: expect.any(Boolean), policy: expect.any(Array) });
      expect(refusal(await t.api.get('/api/v1/pw.getPolicyReset', { token: 'nope' }))).toMatchObject({ status: 403 });
      expect(refusal(await t.api.get('/api/v1/pw.getPolicyReset'))).toMatchObject({ status: 400, errorType: 'invalid-params' });
    });

    it('users.getPresence: one’s own with connectionStatus, another’s presence only', async () => {
      expect(ok(await alice.api.get('/api/v1/users.getPresence'))).toMatchObject({
        presence: expect.any(String),
        connectionStatus: expect.any(String),
      });
      const other = ok(await alice.api.get('/api/v1/users.getPresence', { userId: bob.id }));
      expect(other).toMatchObject({ presence: expect.any(String) });
      expect(other).not.toHaveProperty('connectionStatus');
    });

    it('users.setActiveStatus and DDP setUserActiveStatus: the administrator only; a deactivated user is logged out', async () => {
      const carol = await createUser(t.admin, 'carol');
      expect(refusal(await alice.api.post('/api/v1/users.setActiveStatus', { userId: carol.id, activeStatus: false }))).toMatchObject({
        status: 403,
        error: 'unauthorized',
      });
      expect(ok(await t.admin.post('/api/v1/users.setActiveStatus', { userId: carol.id, activeStatus: false }))).toMatchObject({
        user: { _id: carol.id, active: false },
      });
      expect((await carol.api.get('/api/v1/me')).status).toBe(401);
      const admin = { id: t.admin.credentials!.userId, username: 'admin', api: t.admin };
      expect(await methodCall(admin, 'setUserActiveStatus', [carol.id, true])).toMatchObject({ result: true });
      expect(await methodCall(alice, 'setUserActiveStatus', [carol.id, false])).toMatchObject({ error: { error: 'error-not-allowed' } });
      expect(ok(await t.admin.get('/api/v1/users.info', { userId: carol.id })).user).toMatchObject({ active: true });
    });

    it('users.logout: oneself, or another user with logout-other-user', async () => {
      const dave = await createUser(t.admin, 'dave');
      expect(refusal(await alice.api.post('/api/v1/users.logout', { userId: dave.id }))).toMatchObject({ status: 403 });
      expect(ok(await t.admin.post('/api/v1/users.logout', { userId: dave.id }))).toMatchObject({
        message: `User ${dave.id} has been logged out!`,
      });
      expect((await dave.api.get('/api/v1/me')).status).toBe(401);
      const erin = await createUser(t.admin, 'erin');
      ok(await erin.api.post('/api/v1/users.logout', {}));
      expect((await erin.api.get('/api/v1/me')).status).toBe(401);
    });

    it('users.listByStatus: by status and search term, for holders of view-d-room', async () => {
      const { users, total } = ok(
        await t.admin.get('/api/v1/users.listByStatus', { status: 'active', searchTerm: alice.username, count: 5 }),
      );
      expect(total).toBe(1);
      expect(users[0]).toMatchObject({ _id: alice.id, username: alice.username, active: true });
      expect(refusal(await t.admin.get('/api/v1/users.listByStatus', { status: 'asleep' }))).toMatchObject({
        status: 400,
        errorType: 'invalid-params',
      });
      expect(refusal(await t.admin.get('/api/v1/users.listByStatus', { nope: '1' }))).toMatchObject({
        status: 400,
        error: 'must NOT have additional properties [invalid-params]',
      });
    });

    it('users.deactivateIdle: only users idle that long; needs edit-other-user-active-status', async () => {
      expect(refusal(await alice.api.post('/api/v1/users.deactivateIdle', { daysIdle: 0 }))).toMatchObject({ status: 403 });
      // Everyone logged in just now: nobody has been idle for a day.
      expect(ok(await t.admin.post('/api/v1/users.deactivateIdle', { daysIdle: 1 }))).toMatchObject({ count: 0 });
    });

    it('instances.get: the running gateway instance, for holders of view-statistics', async () => {
      const { instances } = ok(await t.admin.get('/api/v1/instances.get'));
      expect(instances.length).toBeGreaterThanOrEqual(1);
      expect(instances[0]).toMatchObject({
        currentStatus: { connected: true },
        instanceRecord: { _id: expect.any(String) },
        broadcastAuth: true,
      });
      expect(refusal(await alice.api.get('/api/v1/instances.get'))).toMatchObject({ status: 403 });
    });

    it('DDP getUsersOfRoom: members of a readable room as {total, records}', async () => {
      const all = await methodCall(alice, 'getUsersOfRoom', ['GENERAL', true, { limit: 2, skip: 0 }]);
      expect(all.result).toMatchObject({ total: expect.any(Number), records: expect.any(Array) });
      expect((all.result.records as unknown[]).length).toBeLessThanOrEqual(2);
    });

    it('chat.getURLPreview: the page’s meta tags; the server’s own network refused, redirects included', async () => {
      const preview = ok(await alice.api.get('/api/v1/chat.getURLPreview', { roomId: 'GENERAL', url: `${allowed.url}/page?x=1` }));
      expect(preview.urlPreview).toMatchObject({
        url: `${allowed.url}/page?x=1`,
        meta: { pageTitle: 'Preview me', ogTitle: 'An OG title' },
        headers: { contentType: 'text/html; charset=utf-8' },
        parsedUrl: { hostname: '127.0.0.1', pathname: '/page', query: 'x=1' },
        ignoreParse: true,
      });
      for (const url of [`${internal.url}/`, `${allowed.url}/redirect`]) {
        const { urlPreview } = ok(await alice.api.get('/api/v1/chat.getURLPreview', { roomId: 'GENERAL', url }));
        expect(urlPreview.url).toBe(url);
        expect(urlPreview).not.toHaveProperty('meta');
      }
      const secret = ok(await bob.api.post('/api/v1/groups.create', { name: uniqueName('secret') })).group;
      expect(refusal(await alice.api.get('/api/v1/chat.getURLPreview', { roomId: secret._id, url: allowed.url }))).toMatchObject({
        status: 400,
        errorType: 'error-not-allowed',
      });
    });

    it('DDP aliases public-settings:get, private-settings:get, permissions:get answer as their slash names', async () => {
      for (const [alias, original] of [
        ['public-settings:get', 'public-settings/get'],
        ['private-settings:get', 'private-settings/get'],
        ['permissions:get', 'permissions/get'],
      ]) {
        const [a, b] = await Promise.all([methodCall(alice, alias, []), methodCall(alice, original, [])]);
        expect(a.error).toBeUndefined();
        expect((a.result as unknown[]).length).toBe((b.result as unknown[]).length);
      }
    });
  });
});
