import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DdpClient } from '../support/ddp-client.js';
import { RestClient, type RestResponse } from '../support/rest-client.js';
import { ADMIN, useStack } from '../support/stack.js';
import { successViolations } from './support/rest-schemas.js';

const PASSWORD = 'Mobile-pass-42';
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
/** The mobile app's message ids (`random(17)`). */
const randomId = () => randomBytes(12).toString('base64url').slice(0, 17);

/**
 * The yardstick of the mobile app (RocketChat/Rocket.Chat.ReactNative), replayed in its order from its sources:
 * adding the server (`/api/info`, `settings.public`, `settings.oauth`), logging in (`POST login` through the
 * SDK, then DDP `login` with the token: `lib/services/connect.ts`), what `sagas/login.js` forks after a login
 * (`permissions.listAll`, `emoji-custom.list`, `stream-roles`, `roles.list`, `commands.list`, `push.token`,
 * `license:getModules`, `roles.getUsersInPublicRoles`, the settings and permissions streams), the room list
 * (`subscriptions.get` + `rooms.get`, `lib/methods/getRooms.ts`), opening a room (`rooms.info`, `groups.roles`,
 * `groups.history` with `count: 50` from `loadMessagesForRoom.ts`, `chat.syncMessages` with cursors from
 * `loadMissedMessages.ts` on 7.1+, `subscriptions.read`, the room streams), scrolling up (`history` with
 * `latest`), sending (`chat.sendMessage` with the app's own `_id`, `sendMessage.ts`), reacting (`chat.react`)
 * and reconnecting after a network drop (DDP resume, `subscriptions.get`/`rooms.get` with `updatedSince`, the
 * missed messages by cursor). Every answer must succeed, in the shape the app reads (Rocket.Chat's schemas
 * where rest-typings has them).
 */
describe('the mobile app replay (Rocket.Chat.ReactNative)', () => {
  const t = useStack();
  let server: string;
  let app: RestClient;
  let ddp: DdpClient;
  let me: { _id: string; username: string };
  let friend: RestClient;
  let room: { _id: string; name: string };
  let lastOpen: Date;
  const sent: string[] = [];

  /** A REST answer the app reads: 200, `success: true`, and Rocket.Chat's schema for the endpoint. */
  const conforms = async (endpoint: string, answer: Promise<RestResponse>): Promise<Record<string, any>> => {
    const { status, body } = await answer;
    expect({ endpoint, status, success: body.success === true || body.status === 'success' }).toEqual({
      endpoint,
      status: 200,
      success: true,
    });
    expect({ endpoint, violations: successViolations(endpoint, body) }).toEqual({ endpoint, violations: [] });
    return body;
  };

  beforeAll(async () => {
    server = t.stack.gatewayUrl();
    const username = unique('mobile');
    const created = await t.admin.post('/api/v1/users.create', {
      username,
      email: `${username}@mobile.test`,
      name: 'Mobile User',
      password: PASSWORD,
      verified: true,
    });
    me = { _id: created.body.user._id as string, username };
    const friendName = unique('friend');
    await t.admin.post('/api/v1/users.create', {
      username: friendName,
      email: `${friendName}@mobile.test`,
      name: 'Friend',
      password: PASSWORD,
      verified: true,
    });
    friend = await new RestClient(server).login(friendName, PASSWORD);
    room = (await friend.post('/api/v1/groups.create', { name: unique('mobile-room'), members: [username] })).body.group;
    for (let i = 0; i < 60; i += 1) await friend.post('/api/v1/chat.sendMessage', { message: { rid: room._id, msg: `history ${i}` } });
  });

  afterAll(async () => {
    await ddp?.close();
  });

  it('adds the server: /api/info, the public settings it needs, the login services', async () => {
    const anonymous = new RestClient(server);
    const info = await anonymous.get('/api/info');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ success: true, version: expect.stringMatching(/^\d+\.\d+/) });
    const settings = await conforms(
      'GET settings.public',
      anonymous.get('/api/v1/settings.public', {
        query: JSON.stringify({
          _id: { $in: ['Site_Name', 'Accounts_AllowUserProfileChange', 'Message_MaxAllowedSize', 'Threads_enabled'] },
        }),
      }),
    );
    expect(settings.settings.map((s: { _id: string }) => s._id).sort()).toEqual(
      ['Accounts_AllowUserProfileChange', 'Message_MaxAllowedSize', 'Site_Name', 'Threads_enabled'].sort(),
    );
    await conforms('GET settings.oauth', anonymous.get('/api/v1/settings.oauth'));
  });

  it('logs in through REST, then on DDP with the token, and runs what the login saga forks', async () => {
    const login = await conforms('POST login', new RestClient(server).post('/api/v1/login', { user: me.username, password: PASSWORD }));
    expect(login.data.me).toMatchObject({ _id: me._id, username: me.username, name: 'Mobile User' });
    app = new RestClient(server, { userId: login.data.userId, authToken: login.data.authToken });

    ddp = await DdpClient.connect(server);
    expect(await ddp.loginWithToken(login.data.authToken)).toMatchObject({ id: me._id, token: login.data.authToken });

    const permissions = await conforms('GET permissions.listAll', app.get('/api/v1/permissions.listAll'));
    expect(permissions.update.map((p: { _id: string }) => p._id)).toEqual(
      expect.arrayContaining(['create-p', 'edit-room', 'delete-own-message']),
    );
    await ddp.stream('notify-logged', 'permissions-changed');
    await conforms('GET emoji-custom.list', app.get('/api/v1/emoji-custom.list'));
    await ddp.subscribe('stream-roles', 'roles', { useCollection: false, args: [] });
    const roles = await conforms('GET roles.list', app.get('/api/v1/roles.list'));
    expect(roles.roles.map((r: { _id: string }) => r._id)).toEqual(expect.arrayContaining(['admin', 'user', 'owner']));
    const commands = await conforms('GET commands.list', app.get('/api/v1/commands.list'));
    expect(commands.commands.length).toBeGreaterThan(0);
    await conforms(
      'POST push.token',
      app.post('/api/v1/push.token', { type: 'gcm', value: randomBytes(32).toString('hex'), appName: 'chat.rocket.android' }),
    );
    expect(await ddp.call('license:getModules')).toEqual([]);
    const publicRoles = await conforms('GET roles.getUsersInPublicRoles', app.get('/api/v1/roles.getUsersInPublicRoles'));
    expect(publicRoles.users).toEqual(expect.any(Array));
    await ddp.stream('notify-all', 'public-settings-changed');
    await ddp.subscribe('stream-user-presence', '', { useCollection: false, args: [{ added: [me._id] }] });
  });

  it('loads the room list: subscriptions.get and rooms.get, and listens to its own streams', async () => {
    const [subscriptions, rooms] = await Promise.all([
      conforms('GET subscriptions.get', app.get('/api/v1/subscriptions.get')),
      conforms('GET rooms.get', app.get('/api/v1/rooms.get')),
    ]);
    const subscription = subscriptions.update.find((s: { rid: string }) => s.rid === room._id);
    expect(subscription).toMatchObject({ t: 'p', name: room.name, open: true });
    // Unread counts only mentions in groups (Rocket.Chat's `Unread_Count` default); the room is marked all the same.
    expect(subscription).toMatchObject({ alert: true });
    expect(rooms.update).toEqual(expect.arrayContaining([expect.objectContaining({ _id: room._id, t: 'p' })]));
    for (const event of ['subscriptions-changed', 'rooms-changed', 'message', 'notification']) {
      await ddp.stream('notify-user', `${me._id}/${event}`);
    }
  });

  it('opens the room: its info and roles, the latest 50 messages, what changed since, marked read, its streams', async () => {
    const info = await conforms('GET rooms.info', app.get('/api/v1/rooms.info', { roomId: room._id }));
    expect(info.room).toMatchObject({ _id: room._id, name: room.name, t: 'p' });
    const roles = await conforms('GET groups.roles', app.get('/api/v1/groups.roles', { roomId: room._id }));
    expect(roles.roles).toEqual([expect.objectContaining({ rid: room._id, roles: ['owner'] })]);

    const history = await conforms('GET groups.history', app.get('/api/v1/groups.history', { roomId: room._id, count: 50 }));
    expect(history.messages).toHaveLength(50);
    expect(history.messages[0].msg).toBe('history 59');

    // loadMissedMessages on 7.1+: UPDATED and DELETED pages of 50 from the last time the room was open.
    const since = String(Date.parse(history.messages[49].ts) - 1);
    const [updated, deleted] = await Promise.all([
      conforms(
        'GET chat.syncMessages',
        app.get('/api/v1/chat.syncMessages', { roomId: room._id, next: since, count: 50, type: 'UPDATED' }),
      ),
      conforms(
        'GET chat.syncMessages',
        app.get('/api/v1/chat.syncMessages', { roomId: room._id, next: since, count: 50, type: 'DELETED' }),
      ),
    ]);
    expect(updated.result.updated).toHaveLength(50);
    expect(updated.result.cursor.next).toBeNull();
    expect(deleted.result).toMatchObject({ deleted: [], cursor: { next: null } });

    await ddp.subscribe('stream-room-messages', room._id, { useCollection: false, args: [] });
    for (const event of ['deleteMessage', 'deleteMessageBulk', 'user-activity']) await ddp.stream('notify-room', `${room._id}/${event}`);
    await conforms('POST subscriptions.read', app.post('/api/v1/subscriptions.read', { rid: room._id }));
    const mine = (await app.get('/api/v1/subscriptions.getOne', { roomId: room._id })).body.subscription;
    expect(mine).toMatchObject({ unread: 0, alert: false });
    lastOpen = new Date();
  });

  it('scrolls up: the page before the oldest message shown', async () => {
    const first = await conforms('GET groups.history', app.get('/api/v1/groups.history', { roomId: room._id, count: 50 }));
    const older = await conforms(
      'GET groups.history',
      app.get('/api/v1/groups.history', { roomId: room._id, count: 50, latest: new Date(first.messages[49].ts).toISOString() }),
    );
    const texts = older.messages.map((m: { msg: string }) => m.msg).filter((msg: string) => msg.startsWith('history '));
    expect(texts).toEqual(Array.from({ length: 10 }, (_, i) => `history ${9 - i}`));
  });

  it('sends with its own message id (echoed on the room stream), and reacts', async () => {
    const _id = randomId();
    const echoed = ddp.nextPush('room-messages', room._id, (push) => push.args[0]?._id === _id);
    const result = await conforms(
      'POST chat.sendMessage',
      app.post('/api/v1/chat.sendMessage', { message: { _id, rid: room._id, msg: 'hello from mobile' } }),
    );
    expect(result.message).toMatchObject({ _id, rid: room._id, msg: 'hello from mobile', u: { _id: me._id, username: me.username } });
    expect((await echoed).args[0]).toMatchObject({ _id, msg: 'hello from mobile' });
    sent.push(_id);

    await conforms('POST chat.react', app.post('/api/v1/chat.react', { emoji: ':+1:', messageId: _id }));
    const reacted = (await app.get('/api/v1/chat.getMessage', { msgId: _id })).body.message;
    expect(reacted.reactions).toEqual({ ':+1:': expect.objectContaining({ usernames: [me.username] }) });
  });

  it('reconnects after a network drop: resumes, syncs the room list and the room since it was last open', async () => {
    ddp.terminate();
    await ddp.closed;
    // While the app was away: a new message, an edit and a deletion.
    const during = (await friend.post('/api/v1/chat.sendMessage', { message: { rid: room._id, msg: 'while you were away' } })).body.message;
    await friend.post('/api/v1/chat.update', { roomId: room._id, msgId: during._id, text: 'while you were away (edited)' });
    const gone = (await friend.post('/api/v1/chat.sendMessage', { message: { rid: room._id, msg: 'oops' } })).body.message;
    await friend.post('/api/v1/chat.delete', { roomId: room._id, msgId: gone._id });

    ddp = await DdpClient.connect(server);
    expect(await ddp.loginWithToken(app.credentials!.authToken)).toMatchObject({ id: me._id });
    const updatedSince = lastOpen.toISOString();
    const [subscriptions, rooms] = await Promise.all([
      conforms('GET subscriptions.get', app.get('/api/v1/subscriptions.get', { updatedSince })),
      conforms('GET rooms.get', app.get('/api/v1/rooms.get', { updatedSince })),
    ]);
    expect(subscriptions.update).toEqual(expect.arrayContaining([expect.objectContaining({ rid: room._id })]));
    expect(rooms.update).toEqual(expect.arrayContaining([expect.objectContaining({ _id: room._id })]));

    const next = String(lastOpen.getTime());
    const [updated, deleted] = await Promise.all([
      conforms('GET chat.syncMessages', app.get('/api/v1/chat.syncMessages', { roomId: room._id, next, count: 50, type: 'UPDATED' })),
      conforms('GET chat.syncMessages', app.get('/api/v1/chat.syncMessages', { roomId: room._id, next, count: 50, type: 'DELETED' })),
    ]);
    const changed = updated.result.updated.map((m: { _id: string; msg: string }) => [m._id, m.msg]);
    expect(changed).toEqual(
      expect.arrayContaining([
        [sent[0], 'hello from mobile'],
        [during._id, 'while you were away (edited)'],
      ]),
    );
    expect(changed.map(([id]: [string]) => id)).not.toContain(gone._id);
    expect(deleted.result.deleted).toEqual([{ _id: gone._id, _deletedAt: expect.any(String) }]);
    await ddp.subscribe('stream-room-messages', room._id, { useCollection: false, args: [] });
  });

  it('the administrator from the same app reads the same shapes', async () => {
    await conforms(
      'GET permissions.listAll',
      (await new RestClient(server).login(ADMIN.username, ADMIN.password)).get('/api/v1/permissions.listAll'),
    );
  });
});
