import { beforeAll, describe, expect, it } from '@jest/globals';
import { RestClient } from '@rocket.chat/api-client';
import { randomBytes } from 'node:crypto';
import { ADMIN, useStack } from '../support/stack.js';
import { errorViolations, successViolations } from './support/rest-schemas.js';

const PASSWORD = 'Compat-pass-42';
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/**
 * The official REST client as it is shipped: its methods are typed by `@rocket.chat/rest-typings`; plain
 * records here, since these tests check the shapes at run time against Rocket.Chat's schemas.
 */
type Body = Record<string, any>;
interface LooseClient {
  get(endpoint: string, params?: Record<string, unknown>): Promise<Body>;
  post(endpoint: string, params?: Record<string, unknown>): Promise<Body>;
  setCredentials(credentials: { 'X-User-Id': string; 'X-Auth-Token': string } | undefined): void;
  getCredentials(): { 'X-User-Id': string; 'X-Auth-Token': string } | undefined;
}
const officialClient = (baseUrl: string) => new RestClient({ baseUrl }) as unknown as LooseClient;

/**
 * Awaits a call expected to succeed and asserts its body has the shape Rocket.Chat's schemas give the endpoint.
 * A refusal (the client rejects with the fetch Response) fails with its status and body, readably.
 */
async function conforms(endpoint: string, request: Promise<Body>): Promise<Body> {
  const body = await request.catch(async (rejected: unknown) => {
    if (!(rejected instanceof Response)) throw rejected;
    throw new Error(`${endpoint} answered ${rejected.status} ${await rejected.text()}`);
  });
  expect({ endpoint, violations: successViolations(endpoint, body) }).toEqual({ endpoint, violations: [] });
  return body;
}

/** The official client rejects with the fetch Response on any status but 2xx: its status and JSON body. */
async function failure(request: Promise<unknown>): Promise<{ status: number; body: Body }> {
  const rejected = await request.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (response: unknown) => response,
  );
  if (!(rejected instanceof Response)) throw rejected;
  const body = (await rejected.json()) as Body;
  expect({ status: rejected.status, violations: errorViolations(rejected.status, body) }).toEqual({
    status: rejected.status,
    violations: [],
  });
  return { status: rejected.status, body };
}

/**
 * A realistic bot session through `@rocket.chat/api-client`'s RestClient, the class Rocket.Chat's web and
 * mobile clients use: every response must have the fields and types Rocket.Chat's rest-typings declare
 * (checked against the JSON schemas Rocket.Chat validates its own answers with), and failures must come in
 * Rocket.Chat's status codes and envelope, which the client relies on (it rejects on anything but 2xx).
 */
describe('the official @rocket.chat/api-client REST client', () => {
  const t = useStack();
  let baseUrl: string;
  let admin: LooseClient;
  let bot: LooseClient;
  const users = {
    bot: { id: '', username: unique('bot') },
    friend: { id: '', username: unique('friend') },
    third: { id: '', username: unique('third') },
  };
  let channel: { _id: string; name: string };
  let posted: Body;

  beforeAll(async () => {
    baseUrl = t.stack.gatewayUrl();
    admin = officialClient(baseUrl);
    const login = await conforms('POST login', admin.post('/v1/login', { user: ADMIN.username, password: ADMIN.password }));
    admin.setCredentials({ 'X-User-Id': login.data.userId, 'X-Auth-Token': login.data.authToken });
    for (const user of Object.values(users)) {
      const created = await conforms(
        'POST users.create',
        admin.post('/v1/users.create', {
          username: user.username,
          email: `${user.username}@compat.test`,
          name: `User ${user.username}`,
          password: PASSWORD,
          verified: true,
        }),
      );
      expect(created.user).toMatchObject({ username: user.username, active: true, type: 'user' });
      expect(created.user.services).toBeUndefined();
      user.id = created.user._id;
    }
  });

  it('logs a bot in with its password and reads itself (login, me)', async () => {
    bot = officialClient(baseUrl);
    const login = await conforms('POST login', bot.post('/v1/login', { user: users.bot.username, password: PASSWORD }));
    expect(login.data).toMatchObject({ userId: users.bot.id, me: { _id: users.bot.id, username: users.bot.username } });
    expect(JSON.stringify(login.data.me)).not.toContain('bcrypt');
    bot.setCredentials({ 'X-User-Id': login.data.userId, 'X-Auth-Token': login.data.authToken });

    const me = await conforms('GET me', bot.get('/v1/me'));
    expect(me).toMatchObject({
      _id: users.bot.id,
      username: users.bot.username,
      email: `${users.bot.username}@compat.test`,
      settings: { profile: {}, preferences: expect.any(Object) },
      isOAuthUser: false,
      services: { password: { exists: true } },
    });
  });

  it('looks a user up (users.info)', async () => {
    const info = await conforms('GET users.info', bot.get('/v1/users.info', { username: users.friend.username }));
    expect(info.user).toMatchObject({ _id: users.friend.id, username: users.friend.username, name: `User ${users.friend.username}` });
    expect(info.user.services).toBeUndefined();
  });

  it('creates a channel and invites a user (channels.create, channels.invite)', async () => {
    const name = unique('compat');
    const created = await conforms('POST channels.create', bot.post('/v1/channels.create', { name, members: [users.friend.username] }));
    expect(created.channel).toMatchObject({
      t: 'c',
      name,
      fname: name,
      u: { _id: users.bot.id, username: users.bot.username },
      usersCount: 2,
    });
    expect(created.channel.joinCode).toBeUndefined();
    channel = created.channel as { _id: string; name: string };

    const invited = await conforms(
      'POST channels.invite',
      bot.post('/v1/channels.invite', { roomId: channel._id, userId: users.third.id }),
    );
    expect(invited.channel).toMatchObject({ _id: channel._id, usersCount: 3 });
  });

  it('posts, sends, edits and reacts to messages (chat.postMessage, chat.sendMessage, chat.update, chat.react)', async () => {
    posted = await conforms(
      'POST chat.postMessage',
      bot.post('/v1/chat.postMessage', { channel: `#${channel.name}`, text: `hello @${users.friend.username}` }),
    );
    expect(posted.message).toMatchObject({
      rid: channel._id,
      msg: `hello @${users.friend.username}`,
      u: { _id: users.bot.id, username: users.bot.username },
    });
    expect(posted.message.mentions).toEqual([expect.objectContaining({ _id: users.friend.id, username: users.friend.username })]);

    const _id = unique('client-id');
    const sent = await conforms(
      'POST chat.sendMessage',
      bot.post('/v1/chat.sendMessage', { message: { _id, rid: channel._id, msg: 'sent with my own id' } }),
    );
    expect(sent.message).toMatchObject({ _id, rid: channel._id, msg: 'sent with my own id' });

    const updated = await conforms('POST chat.update', bot.post('/v1/chat.update', { roomId: channel._id, msgId: _id, text: 'edited' }));
    expect(updated.message).toMatchObject({ _id, msg: 'edited', editedBy: { _id: users.bot.id, username: users.bot.username } });

    await conforms('POST chat.react', bot.post('/v1/chat.react', { messageId: posted.message._id, emoji: ':thumbsup:' }));
  });

  it('reads the history of the channel (channels.history, channels.messages)', async () => {
    const history = await conforms('GET channels.history', bot.get('/v1/channels.history', { roomId: channel._id, count: 10 }));
    const texts = history.messages.map((m: Body) => m.msg);
    expect(texts).toEqual(expect.arrayContaining(['edited', `hello @${users.friend.username}`]));
    const reacted = history.messages.find((m: Body) => m._id === posted.message._id);
    expect(reacted.reactions).toEqual({ ':thumbsup:': { usernames: [users.bot.username] } });

    const messages = await conforms('GET channels.messages', bot.get('/v1/channels.messages', { roomId: channel._id, count: 50 }));
    expect(messages.total).toBe(messages.messages.length);
    expect(messages.messages.map((m: Body) => m._id)).toEqual(expect.arrayContaining([posted.message._id]));
  });

  it('syncs rooms and subscriptions and marks a room read (rooms.get, subscriptions.get, subscriptions.read)', async () => {
    const rooms = await conforms('GET rooms.get', bot.get('/v1/rooms.get'));
    expect(rooms.update.map((r: Body) => r._id)).toContain(channel._id);
    const since = await conforms(
      'GET rooms.get',
      bot.get('/v1/rooms.get', { updatedSince: new Date(Date.now() - 3_600_000).toISOString() }),
    );
    expect(since.update.map((r: Body) => r._id)).toContain(channel._id);

    const friend = officialClient(baseUrl);
    const login = await friend.post('/v1/login', { user: users.friend.username, password: PASSWORD });
    friend.setCredentials({ 'X-User-Id': login.data.userId, 'X-Auth-Token': login.data.authToken });
    const before = await conforms('GET subscriptions.get', friend.get('/v1/subscriptions.get'));
    const unread = before.update.find((s: Body) => s.rid === channel._id);
    expect(unread).toMatchObject({ name: channel.name, t: 'c', u: { _id: users.friend.id }, open: true, userMentions: 1 });
    expect(unread.unread).toBeGreaterThan(0);

    await conforms('POST subscriptions.read', friend.post('/v1/subscriptions.read', { rid: channel._id }));
    const after = await conforms(
      'GET subscriptions.get',
      friend.get('/v1/subscriptions.get', { updatedSince: new Date(Date.now() - 3_600_000).toISOString() }),
    );
    expect(after.update.find((s: Body) => s.rid === channel._id)).toMatchObject({ unread: 0, userMentions: 0, alert: false });
  });

  it('opens a direct message and creates a private group (im.create, groups.create)', async () => {
    const direct = await conforms('POST im.create', bot.post('/v1/im.create', { username: users.friend.username }));
    expect(direct.room).toMatchObject({
      t: 'd',
      rid: direct.room._id,
      usernames: expect.arrayContaining([users.bot.username, users.friend.username]),
    });
    // The client sends lists as `status[]=…` (query-string's bracket format). Nobody here is connected.
    expect((await bot.get('/v1/im.members', { roomId: direct.room._id, status: ['offline'] })).total).toBe(2);
    expect((await bot.get('/v1/im.members', { roomId: direct.room._id, status: ['online', 'away'] })).total).toBe(0);

    const name = unique('compat-private');
    const group = await conforms('POST groups.create', bot.post('/v1/groups.create', { name, members: [users.third.username] }));
    expect(group.group).toMatchObject({ t: 'p', name, u: { _id: users.bot.id }, usersCount: 2 });
  });

  it('reads public settings and permissions (settings.public, permissions.listAll)', async () => {
    // About 450 public settings: a first page, and one asked for with Rocket.Chat's JSON query.
    const settings = await conforms('GET settings.public', officialClient(baseUrl).get('/v1/settings.public', { count: 100 }));
    expect(settings.total).toBeGreaterThan(settings.settings.length);
    const query = JSON.stringify({ _id: { $in: ['Site_Name'] } });
    const site = await conforms('GET settings.public', officialClient(baseUrl).get('/v1/settings.public', { query }));
    expect(site.settings).toEqual([expect.objectContaining({ _id: 'Site_Name', value: expect.any(String) })]);

    const permissions = await conforms('GET permissions.listAll', bot.get('/v1/permissions.listAll'));
    expect(permissions.update).toEqual(
      expect.arrayContaining([expect.objectContaining({ _id: 'create-c', roles: expect.arrayContaining(['user']) })]),
    );
    const since = await conforms('GET permissions.listAll', bot.get('/v1/permissions.listAll', { updatedSince: new Date().toISOString() }));
    expect(since.update).toEqual([]);
  });

  it("fails in Rocket.Chat's status codes and envelopes, which the client acts on", async () => {
    const anonymous = officialClient(baseUrl);
    const wrongPassword = await failure(anonymous.post('/v1/login', { user: users.bot.username, password: 'not-it' }));
    expect(wrongPassword).toMatchObject({ status: 401, body: { status: 'error', error: 'Unauthorized', message: 'Unauthorized' } });

    const notLoggedIn = await failure(anonymous.get('/v1/me'));
    expect(notLoggedIn).toMatchObject({ status: 401, body: { status: 'error', message: 'You must be logged in to do this.' } });

    const duplicate = await failure(bot.post('/v1/channels.create', { name: channel.name }));
    expect(duplicate).toMatchObject({ status: 400, body: { errorType: 'error-duplicate-channel-name' } });

    // Rocket.Chat's saveUser refuses in a 400, not a 403: the client shows its errorType.
    const notAllowed = await failure(
      bot.post('/v1/users.create', { username: unique('x'), email: `${unique('x')}@compat.test`, name: 'X', password: PASSWORD }),
    );
    expect(notAllowed).toMatchObject({ status: 400, body: { errorType: 'error-action-not-allowed', details: { action: 'Adding_user' } } });

    const forbidden = await failure(bot.post('/v1/permissions.update', { permissions: [{ _id: 'create-c', roles: ['admin'] }] }));
    expect(forbidden).toMatchObject({
      status: 403,
      body: { error: 'User does not have the permissions required for this action [error-unauthorized]' },
    });

    const unknownRoom = await failure(bot.get('/v1/channels.history', { roomId: 'no-such-room' }));
    expect(unknownRoom).toMatchObject({ status: 400, body: { errorType: 'error-room-not-found' } });

    const unknownEndpoint = await failure(bot.get('/v1/no.such.endpoint'));
    expect(unknownEndpoint.status).toBe(404);
  });

  it('logs out; the credentials stop working (logout)', async () => {
    await conforms('POST logout', bot.post('/v1/logout'));
    const after = await failure(bot.get('/v1/me'));
    expect(after.status).toBe(401);
  });
});
