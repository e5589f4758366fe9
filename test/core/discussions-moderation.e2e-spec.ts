import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, uniqueName, type CoreUser } from './support/core-fixtures.js';

type Message = Record<string, any> & { _id: string; msg: string };

/**
 * The rest of the clients' daily path around messages and users, against the real processes: discussions
 * (created from a room or a message, announced in the parent with their counters), reports to the moderators,
 * blocking the other user of a direct message, username availability and suggestions, the messages missed
 * while disconnected, and `nosub` for a stream event nobody publishes.
 */
describe('discussions, reports, blocks, usernames, missed messages', () => {
  const t = useStack();
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let aliceDdp: DdpClient;
  let bobDdp: DdpClient;
  let carolDdp: DdpClient;
  let db: mongoose.Connection;
  let channel: { _id: string; name: string };
  let group: { _id: string; name: string };
  let topic: Message;
  let secret: Message;

  const send = async (user: CoreUser, rid: string, msg: string): Promise<Message> =>
    ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid, msg } })).message;
  const ddpError = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected a DDP error');
      },
      (error: DdpError) => error.error,
    );
  const getMessage = async (user: CoreUser, msgId: string): Promise<Message> =>
    ok(await user.api.get('/api/v1/chat.getMessage', { msgId })).message;

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((prefix) => createUser(t.admin, prefix)));
    channel = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('disc'), members: [bob.username] })).channel;
    group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('disc-priv'), members: [bob.username] })).group;
    topic = await send(alice, channel._id, 'shall we talk about the roadmap?');
    secret = await send(alice, group._id, 'members only');
    [aliceDdp, bobDdp, carolDdp] = await Promise.all([1, 2, 3].map(() => DdpClient.connect(t.stack.gatewayUrl())));
    await Promise.all([
      aliceDdp.login(alice.username, PASSWORD),
      bobDdp.login(bob.username, PASSWORD),
      carolDdp.login(carol.username, PASSWORD),
    ]);
    db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
  });

  afterAll(async () => {
    await Promise.all([aliceDdp?.close(), bobDdp?.close(), carolDdp?.close(), db?.close()]);
  });

  describe('discussions', () => {
    let plain: Record<string, any>;
    let fromMessage: Record<string, any>;

    it('creates one under a room, announced there by a discussion-created message naming it', async () => {
      plain = ok(await bob.api.post('/api/v1/rooms.createDiscussion', { prid: channel._id, t_name: 'Release plans' })).discussion;
      expect(plain).toMatchObject({ rid: plain._id, prid: channel._id, fname: 'Release plans', t: 'c', topic: channel.name });
      expect(plain.name).not.toBe('Release plans');
      const subscription = ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: plain._id })).subscription;
      expect(subscription).toMatchObject({ prid: channel._id, fname: 'Release plans', roles: ['owner'] });
      const notices = ok(await alice.api.get('/api/v1/chat.getDiscussions', { roomId: channel._id })).messages;
      expect(notices).toEqual([expect.objectContaining({ t: 'discussion-created', msg: 'Release plans', drid: plain._id })]);
    });

    it('creates one from a message over DDP: its author joins, it opens with the message, the reply follows, counters follow', async () => {
      fromMessage = await bobDdp.call('createDiscussion', { pmid: topic._id, t_name: 'Roadmap', reply: 'first thoughts' });
      expect(fromMessage).toMatchObject({ rid: fromMessage._id, prid: channel._id, pmid: topic._id, fname: 'Roadmap' });
      const members = ok(await bob.api.get('/api/v1/channels.members', { roomId: fromMessage._id })).members;
      expect(members.map((member: { username: string }) => member.username).sort()).toEqual([alice.username, bob.username].sort());
      const inside = ok(await alice.api.get('/api/v1/channels.messages', { roomId: fromMessage._id, sort: '{"ts":1}' })).messages;
      expect(inside.map((message: Message) => message.msg)).toEqual(['', 'first thoughts']);
      expect(inside[0].attachments[0]).toMatchObject({ text: topic.msg, author_name: alice.username });

      const [notice] = ok(await alice.api.get('/api/v1/chat.getDiscussions', { roomId: channel._id, text: 'Roadmap' })).messages;
      expect(notice).toMatchObject({ t: 'discussion-created', drid: fromMessage._id, dcount: 2 });
      expect(notice.attachments[0]).toMatchObject({ text: topic.msg, message_link: expect.stringContaining(`?msg=${topic._id}`) });
      const later = await send(alice, fromMessage._id, 'agreed');
      const updated = await getMessage(alice, notice._id);
      expect(updated).toMatchObject({ dcount: 3, dlm: later.ts });

      // One discussion per message: asking again joins the one there is.
      const again = await aliceDdp.call('createDiscussion', { prid: channel._id, pmid: topic._id, t_name: 'Roadmap 2' });
      expect(again).toMatchObject({ _id: fromMessage._id, rid: fromMessage._id });
    });

    it("lists a room's discussions by name, paged, to its readers only", async () => {
      const all = ok(await carol.api.get('/api/v1/rooms.getDiscussions', { roomId: channel._id }));
      expect(all).toMatchObject({ count: 2, offset: 0, total: 2 });
      expect(all.discussions.map((room: { fname: string }) => room.fname)).toEqual(['Release plans', 'Roadmap']);
      const named = ok(await carol.api.get('/api/v1/rooms.getDiscussions', { roomId: channel._id, text: 'road', count: '1' }));
      expect(named.discussions.map((room: { _id: string }) => room._id)).toEqual([fromMessage._id]);
      // Rocket.Chat's words: rooms.getDiscussions `failure('not-allowed', 'Not Allowed')`, chat.getDiscussions a bare
      // `Error('error-not-allowed')` (the text alone).
      expect((await carol.api.get('/api/v1/rooms.getDiscussions', { roomId: group._id })).body).toEqual({
        success: false,
        error: 'not-allowed',
        errorType: 'Not Allowed',
      });
      const refused = await carol.api.get('/api/v1/chat.getDiscussions', { roomId: group._id });
      expect(refused.body).toEqual({ success: false, error: 'error-not-allowed' });
    });

    it("refuses without the permission, in a room the caller cannot post to, nested, and bad input, in Rocket.Chat's words", async () => {
      ok(await t.admin.post('/api/v1/permissions.update', { permissions: [{ _id: 'start-discussion', roles: ['admin'] }] }));
      ok(await t.admin.post('/api/v1/permissions.update', { permissions: [{ _id: 'start-discussion-other-user', roles: ['admin'] }] }));
      const refused = await bob.api.post('/api/v1/rooms.createDiscussion', { prid: channel._id, t_name: 'nope' });
      expect(refused.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });
      expect(await ddpError(bobDdp.call('createDiscussion', { prid: channel._id, t_name: 'nope' }))).toMatchObject({
        error: 'error-action-not-allowed',
      });
      ok(
        await t.admin.post('/api/v1/permissions.update', {
          permissions: [
            { _id: 'start-discussion', roles: ['admin', 'user', 'guest', 'app', 'federated-external'] },
            { _id: 'start-discussion-other-user', roles: ['admin', 'user', 'owner', 'app', 'federated-external'] },
          ],
        }),
      );

      expect((await carol.api.post('/api/v1/rooms.createDiscussion', { prid: group._id, t_name: 'x' })).body).toMatchObject({
        errorType: 'error-not-allowed',
      });
      expect((await bob.api.post('/api/v1/rooms.createDiscussion', { prid: plain._id, t_name: 'x' })).body).toMatchObject({
        errorType: 'error-nested-discussion',
      });
      expect((await bob.api.post('/api/v1/rooms.createDiscussion', { prid: group._id, pmid: topic._id, t_name: 'x' })).body).toMatchObject({
        errorType: 'error-invalid-arguments',
      });
      expect((await bob.api.post('/api/v1/rooms.createDiscussion', { prid: channel._id, pmid: 'nope', t_name: 'x' })).body).toMatchObject({
        errorType: 'error-invalid-message',
      });
      expect((await bob.api.post('/api/v1/rooms.createDiscussion', { t_name: 'x' })).body).toMatchObject({
        success: false,
        error: expect.stringContaining('Body parameter "prid" is required.'),
      });
      expect((await bob.api.post('/api/v1/rooms.createDiscussion', { prid: channel._id, t_name: 'x', users: 'bob' })).body).toMatchObject({
        error: expect.stringContaining('Body parameter "users" must be an array.'),
      });
      expect(await ddpError(bobDdp.call('createDiscussion', { t_name: 'x' }))).toMatchObject({ error: 'error-invalid-arguments' });
      const count = ok(await alice.api.get('/api/v1/rooms.getDiscussions', { roomId: channel._id })).total;
      expect(count).toBe(2);
    });
  });

  describe('reports', () => {
    const reports = () => db.collection('rocketchat_moderation_reports');

    it('stores a report of a readable message over REST and DDP, with the message, the room and the reporter', async () => {
      expect(ok(await bob.api.post('/api/v1/chat.reportMessage', { messageId: topic._id, description: 'off topic' }))).toEqual({
        success: true,
      });
      await expect(carolDdp.call('reportMessage', topic._id, 'spam')).resolves.toBe(true);
      const stored = await reports().find({ 'message._id': topic._id }).sort({ ts: 1 }).toArray();
      expect(stored).toEqual([
        expect.objectContaining({
          description: 'off topic',
          message: expect.objectContaining({ _id: topic._id, msg: topic.msg }),
          reportedBy: expect.objectContaining({ _id: bob.id, username: bob.username }),
          room: expect.objectContaining({ _id: channel._id, name: channel.name, t: 'c' }),
        }),
        expect.objectContaining({ description: 'spam', reportedBy: expect.objectContaining({ _id: carol.id }) }),
      ]);
    });

    it('refuses a message the reporter cannot read, an unknown message and an empty description, storing nothing', async () => {
      const before = await reports().countDocuments();
      // Rocket.Chat reports an unreadable message as an invalid id (its helper's bare Error: the id alone).
      expect((await carol.api.post('/api/v1/chat.reportMessage', { messageId: secret._id, description: 'x' })).body).toEqual({
        success: false,
        error: 'error-invalid-message_id',
      });
      expect(await ddpError(bobDdp.call('reportMessage', 'no-such-message', 'x'))).toMatchObject({ error: 'error-invalid-message_id' });
      expect(await ddpError(bobDdp.call('reportMessage', topic._id, '   '))).toMatchObject({ error: 'error-invalid-description' });
      expect((await bob.api.post('/api/v1/chat.reportMessage', { messageId: topic._id })).body).toMatchObject({
        error: expect.stringContaining('The required "messageId" and "description" params are missing.'),
      });
      expect(await reports().countDocuments()).toBe(before);
    });
  });

  describe('reports of users', () => {
    it('stores a report of another user, and refuses oneself, an unknown user and an empty description', async () => {
      ok(await bob.api.post('/api/v1/users.reportUser', { userId: alice.id, description: 'rude' }));
      const stored = await db.collection('rocketchat_moderation_reports').findOne({ 'reportedUser._id': alice.id });
      expect(stored).toMatchObject({
        description: 'rude',
        reportedUser: { _id: alice.id, username: alice.username },
        reportedBy: { _id: bob.id, username: bob.username },
      });
      const refusal = async (body: Record<string, unknown>) => (await bob.api.post('/api/v1/users.reportUser', body)).body;
      expect(await refusal({ userId: bob.id, description: 'me' })).toMatchObject({ errorType: 'error-cannot-report-self' });
      expect(await refusal({ userId: 'no-such-user', description: 'x' })).toMatchObject({ errorType: 'error-invalid-user' });
      expect(await refusal({ userId: alice.id, description: '' })).toMatchObject({ errorType: 'invalid-params' });
      expect(await db.collection('rocketchat_moderation_reports').countDocuments({ 'reportedUser._id': { $exists: true } })).toBe(1);
      expect((await t.admin.as(undefined).post('/api/v1/users.reportUser', { userId: alice.id, description: 'x' })).status).toBe(401);
    });
  });

  describe('blocking in a direct message', () => {
    let dm: { _id: string };

    it('marks the blocker and the blocked, refuses sends both ways until unblocked', async () => {
      dm = ok(await alice.api.post('/api/v1/im.create', { username: bob.username })).room;
      await send(alice, dm._id, 'hi bob');
      await expect(bobDdp.call('blockUser', { rid: dm._id, blocked: alice.id })).resolves.toBe(true);
      expect(ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: dm._id })).subscription).toMatchObject({ blocker: true });
      expect(ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dm._id })).subscription).toMatchObject({ blocked: true });
      for (const user of [alice, bob]) {
        const refused = await user.api.post('/api/v1/chat.sendMessage', { message: { rid: dm._id, msg: 'still there?' } });
        expect(refused.body).toEqual({ success: false, error: 'room_is_blocked' });
      }
      await expect(bobDdp.call('unblockUser', { rid: dm._id, blocked: alice.id })).resolves.toBe(true);
      const subscription = ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dm._id })).subscription;
      expect(subscription.blocked).toBeUndefined();
      await send(alice, dm._id, 'back again');
    });

    it('refuses outside a direct message of the caller, and bad input', async () => {
      expect(await ddpError(carolDdp.call('blockUser', { rid: dm._id, blocked: alice.id }))).toMatchObject({ error: 'error-invalid-room' });
      expect(await ddpError(bobDdp.call('blockUser', { rid: channel._id, blocked: alice.id }))).toMatchObject({
        error: 'error-invalid-room',
      });
      expect(await ddpError(bobDdp.call('blockUser', { rid: dm._id, blocked: bob.id }))).toMatchObject({ error: 'error-invalid-room' });
      expect(await ddpError(bobDdp.call('blockUser', { rid: { $ne: null }, blocked: alice.id }))).toMatchObject({
        error: 'invalid-params',
      });
      expect(ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dm._id })).subscription.blocked).toBeUndefined();
    });
  });

  describe('usernames', () => {
    it("answers whether a username is free for the caller (their own is; another's, in any case, is not)", async () => {
      const check = async (user: CoreUser, username: string) =>
        ok(await user.api.get('/api/v1/users.checkUsernameAvailability', { username })).result;
      expect(await check(bob, alice.username)).toBe(false);
      expect(await check(bob, alice.username.toUpperCase())).toBe(false);
      expect(await check(alice, alice.username)).toBe(true);
      expect(await check(bob, uniqueName('free'))).toBe(true);
      expect(await check(bob, 'admin')).toBe(false);
      expect((await bob.api.get('/api/v1/users.checkUsernameAvailability', {})).body).toMatchObject({
        success: false,
        errorType: 'invalid-params',
      });
      expect((await t.admin.as(undefined).get('/api/v1/users.checkUsernameAvailability', { username: 'x' })).status).toBe(401);

      // Usernames that may not change: refused to whoever has one (the setting reaches accounts by broadcast).
      ok(await t.admin.post('/api/v1/settings/Accounts_AllowUsernameChange', { value: false }));
      const refusal = async () => (await bob.api.get('/api/v1/users.checkUsernameAvailability', { username: 'x1' })).body;
      for (let attempt = 0; attempt < 200 && (await refusal()).success; attempt++) await new Promise((resolve) => setImmediate(resolve));
      expect(await refusal()).toMatchObject({ success: false, errorType: 'error-not-allowed' });
      ok(await t.admin.post('/api/v1/settings/Accounts_AllowUsernameChange', { value: true }));
      for (let attempt = 0; attempt < 200 && !(await refusal()).success; attempt++) await new Promise((resolve) => setImmediate(resolve));
    });

    it('suggests a free username from the name, then from a verified e-mail address, the same over REST and DDP', async () => {
      // createUser names each user `User <username>`, with a verified `<username>@core.e2e.test`.
      const { result } = ok(await carol.api.get('/api/v1/users.getUsernameSuggestion'));
      expect(result).toBe(`user.${carol.username.toLowerCase()}`);
      await expect(carolDdp.call('getUsernameSuggestion')).resolves.toBe(result);
      // The name's suggestion taken (by carol herself, renamed to it): the e-mail's local part, now free.
      ok(await t.admin.post('/api/v1/users.update', { userId: carol.id, data: { username: result } }));
      await expect(carolDdp.call('getUsernameSuggestion')).resolves.toBe(carol.username.toLowerCase());
      expect((await t.admin.as(undefined).get('/api/v1/users.getUsernameSuggestion')).status).toBe(401);
    });
  });

  describe('reconnection and streams', () => {
    it('sends the messages missed since a date, newest first, and false for a room the caller cannot read', async () => {
      const since = new Date();
      const first = await send(alice, channel._id, 'while you were away 1');
      const second = await send(alice, channel._id, 'while you were away 2');
      const missed = await bobDdp.call<Message[]>('loadMissedMessages', channel._id, since);
      expect(missed.map((message) => message._id)).toEqual([second._id, first._id]);
      await expect(carolDdp.call('loadMissedMessages', group._id, since)).resolves.toBe(false);
      expect(await ddpError(bobDdp.call('loadMissedMessages', channel._id, 'yesterday'))).toMatchObject({ error: 'invalid-params' });
    });

    it('answers nosub to a subscription to an event the stream does not know, ready to a known one', async () => {
      const answer = async (client: DdpClient, name: string, event: string) =>
        (await client.subscribeAnswer(name, event, { useCollection: false, args: [] })).frame.msg;
      expect(await answer(carolDdp, 'stream-notify-user', `${carol.id}/no-such-event`)).toBe('nosub');
      expect(await answer(carolDdp, 'stream-notify-user', `${carol.id}/message`)).toBe('ready');
      expect(await answer(aliceDdp, 'stream-notify-room', `${channel._id}/no-such-event`)).toBe('nosub');
      expect(await answer(aliceDdp, 'stream-notify-room', `${channel._id}/deleteMessageBulk`)).toBe('ready');
      expect(await answer(aliceDdp, 'stream-notify-logged', 'no-such-event')).toBe('nosub');
      expect(await answer(aliceDdp, 'stream-notify-logged', 'updateAvatar')).toBe('ready');
      expect(await answer(aliceDdp, 'stream-notify-all', 'no-such-event')).toBe('nosub');
    });
  });
});
