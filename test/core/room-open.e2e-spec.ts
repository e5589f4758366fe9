import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, uniqueName, type CoreUser } from './support/core-fixtures.js';

type Message = Record<string, any> & { _id: string; ts: string };

/**
 * What Rocket.Chat's clients call when a room is opened and while reading it, against the real processes:
 * the room by its route, role holders, counters, showing and hiding, paging around a message and after a
 * date, threads (page, read, sync), deletions since a date — each refused to who may not read the room.
 */
describe('opening and reading a room', () => {
  const t = useStack();
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let bobDdp: DdpClient;
  let carolDdp: DdpClient;
  let channel: { _id: string; name: string };
  let group: { _id: string; name: string };
  const sent: Message[] = [];
  let groupMessage: Message;
  let thread: Message;
  const replies: Message[] = [];
  const startedAt = new Date();

  const send = async (user: CoreUser, rid: string, message: Record<string, unknown>): Promise<Message> =>
    ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid, ...message } })).message;
  const subscriptionOf = async (user: CoreUser, rid = channel._id) =>
    ok(await user.api.get('/api/v1/subscriptions.getOne', { roomId: rid })).subscription;
  const ddpError = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected a DDP error');
      },
      (error: DdpError) => error.error,
    );

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((prefix) => createUser(t.admin, prefix)));
    channel = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('open'), members: [bob.username] })).channel;
    group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('priv'), members: [bob.username] })).group;
    for (let i = 1; i <= 5; i++) sent.push(await send(alice, channel._id, { msg: `m${i}` }));
    groupMessage = await send(alice, group._id, { msg: 'members only' });
    thread = await send(bob, channel._id, { msg: 'a thread' });
    replies.push(await send(alice, channel._id, { msg: 'reply 1', tmid: thread._id }));
    replies.push(await send(alice, channel._id, { msg: 'reply 2', tmid: thread._id }));
    [bobDdp, carolDdp] = await Promise.all([DdpClient.connect(t.stack.gatewayUrl()), DdpClient.connect(t.stack.gatewayUrl())]);
    await Promise.all([bobDdp.login(bob.username, PASSWORD), carolDdp.login(carol.username, PASSWORD)]);
  });

  afterAll(async () => {
    await Promise.all([bobDdp?.close(), carolDdp?.close()]);
  });

  it('finds the room by its route (type and name, or id) and refuses another type or an unreadable room', async () => {
    await expect(bobDdp.call('getRoomByTypeAndName', 'c', channel.name)).resolves.toMatchObject({ _id: channel._id, t: 'c' });
    await expect(bobDdp.call('getRoomByTypeAndName', 'p', group._id)).resolves.toMatchObject({ _id: group._id, name: group.name });
    expect(await ddpError(bobDdp.call('getRoomByTypeAndName', 'p', channel.name))).toMatchObject({
      error: 'error-invalid-room',
      reason: 'Invalid room',
    });
    expect(await ddpError(carolDdp.call('getRoomByTypeAndName', 'p', group.name))).toMatchObject({
      error: 'error-no-permission',
      reason: 'No permission',
    });
    await expect(bobDdp.call('getRoomById', group._id)).resolves.toMatchObject({ _id: group._id });
    for (const rid of [group._id, 'no-such-room']) {
      expect(await ddpError(carolDdp.call('getRoomById', rid))).toMatchObject({ error: 'error-not-allowed', reason: 'Not allowed' });
    }
  });

  it("lists the room's role holders over REST and DDP alike, to its readers only", async () => {
    const expected = [{ rid: channel._id, u: { _id: alice.id, username: alice.username }, roles: ['owner'] }];
    expect(ok(await bob.api.get('/api/v1/channels.roles', { roomId: channel._id })).roles).toMatchObject(expected);
    ok(await alice.api.post('/api/v1/groups.addModerator', { roomId: group._id, userId: bob.id }));
    const groupRoles = ok(await bob.api.get('/api/v1/groups.roles', { roomName: group.name })).roles;
    expect(groupRoles.map((holder: any) => [holder.u.username, holder.roles])).toEqual(
      [
        [alice.username, ['owner']],
        [bob.username, ['moderator']],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    await expect(bobDdp.call('getRoomRoles', group._id)).resolves.toEqual(groupRoles);
    const refused = await carol.api.get('/api/v1/groups.roles', { roomId: group._id });
    expect(refused.body).toMatchObject({ success: false, errorType: 'error-room-not-found' });
    expect(await ddpError(carolDdp.call('getRoomRoles', group._id))).toMatchObject({ error: 'error-not-allowed' });
  });

  it("counts a member's unread messages and mentions; another user's counters only for room administrators", async () => {
    const mine = ok(await bob.api.get('/api/v1/channels.counters', { roomId: channel._id }));
    const room = ok(await bob.api.get('/api/v1/channels.info', { roomId: channel._id })).channel;
    expect(mine).toMatchObject({ joined: true, members: 2, msgs: room.msgs, latest: room.lm });
    // Unread from the subscription's start to the room's last message (`lm`), both included: the five and the
    // thread; replies that stay in their thread do not move `lm`.
    expect(mine.unreads).toBe(6);
    ok(await bob.api.post('/api/v1/subscriptions.read', { rid: channel._id }));
    const last = await send(alice, channel._id, { msg: `hey @${bob.username}` });
    const after = ok(await bob.api.get('/api/v1/channels.counters', { roomId: channel._id }));
    expect(after).toMatchObject({ unreads: 1, userMentions: 1, latest: last.ts });

    const outsider = ok(await carol.api.get('/api/v1/channels.counters', { roomId: channel._id }));
    expect(outsider).toEqual({
      success: true,
      joined: false,
      members: null,
      unreads: null,
      unreadsFrom: null,
      msgs: null,
      latest: null,
      userMentions: null,
    });
    expect((await carol.api.get('/api/v1/channels.counters', { roomId: channel._id, userId: bob.id })).status).toBe(403);
    expect(ok(await t.admin.get('/api/v1/channels.counters', { roomId: channel._id, userId: bob.id }))).toMatchObject({
      joined: true,
      unreads: 1,
    });
    const hidden = await carol.api.get('/api/v1/groups.counters', { roomId: group._id });
    expect(hidden.body).toMatchObject({ success: false, errorType: 'error-room-not-found' });
  });

  it('hides and shows the room in the sidebar with openRoom / hideRoom, counting the change', async () => {
    await expect(bobDdp.call('hideRoom', channel._id)).resolves.toBe(1);
    expect(await subscriptionOf(bob)).toMatchObject({ open: false, alert: false });
    await expect(bobDdp.call('hideRoom', channel._id)).resolves.toBe(0);
    await expect(bobDdp.call('openRoom', channel._id)).resolves.toBe(1);
    expect((await subscriptionOf(bob)).open).toBe(true);
    await expect(carolDdp.call('openRoom', group._id)).resolves.toBe(0);
  });

  it('marks the room unread from a message with unreadMessages', async () => {
    await bobDdp.call('unreadMessages', sent[2]);
    const subscription = await subscriptionOf(bob);
    expect(subscription.alert).toBe(true);
    expect(new Date(subscription.ls).getTime()).toBe(new Date(sent[2].ts).getTime() - 1);
  });

  it('loads a message with its neighbours, the page after a date, and a single message', async () => {
    const around = await bobDdp.call('loadSurroundingMessages', { _id: sent[2]._id, rid: channel._id }, 3);
    expect(around.messages.map((m: Message) => m.msg)).toEqual(['m2', 'm3', 'm4']);
    expect(around).toMatchObject({ moreBefore: true, moreAfter: true });
    const first = await bobDdp.call('loadSurroundingMessages', { _id: sent[0]._id }, 5);
    expect(first.messages.map((m: Message) => m.msg)).toEqual(['m1', 'm2', 'm3']);
    expect(first).toMatchObject({ moreBefore: false, moreAfter: true });
    await expect(bobDdp.call('loadSurroundingMessages', { _id: 'no-such-message' })).resolves.toBe(false);
    await expect(carolDdp.call('loadSurroundingMessages', { _id: groupMessage._id })).resolves.toBe(false);

    const next = await bobDdp.call('loadNextMessages', channel._id, new Date(sent[1].ts), 2);
    expect(next.messages.map((m: Message) => m.msg)).toEqual(['m3', 'm4']);
    await expect(carolDdp.call('loadNextMessages', group._id)).resolves.toBe(false);
    expect(await ddpError(bobDdp.call('loadNextMessages', ''))).toMatchObject({ error: 'error-invalid-room' });

    await expect(bobDdp.call('getSingleMessage', sent[0]._id)).resolves.toMatchObject({ _id: sent[0]._id, msg: 'm1' });
    expect(await ddpError(carolDdp.call('getSingleMessage', groupMessage._id))).toMatchObject({ error: 'error-not-allowed' });
  });

  it('pages a thread (its first message, then replies newest first) and marks it read with readThreads', async () => {
    const page = await bobDdp.call('getThreadMessages', { tmid: thread._id });
    expect(page.map((m: Message) => m.msg)).toEqual(['a thread', 'reply 2', 'reply 1']);
    await expect(bobDdp.call('getThreadMessages', { tmid: thread._id, limit: 1, skip: 1 })).resolves.toMatchObject([
      { _id: thread._id },
      { _id: replies[0]._id },
    ]);
    expect(await ddpError(bobDdp.call('getThreadMessages', { tmid: thread._id, limit: 101 }))).toMatchObject({
      error: 'error-not-allowed',
      reason: 'max limit: 100',
    });

    expect((await subscriptionOf(bob)).tunread).toEqual([thread._id]);
    await bobDdp.call('readThreads', thread._id);
    expect((await subscriptionOf(bob)).tunread).toEqual([]);
  });

  it('syncs threads, a thread and deletions since a date, with Rocket.Chat parameter errors', async () => {
    const since = startedAt.toISOString();
    const threads = ok(await bob.api.get('/api/v1/chat.syncThreadsList', { rid: channel._id, updatedSince: since })).threads;
    expect(threads.update.map((m: Message) => m._id)).toEqual([thread._id]);
    expect(threads.remove).toEqual([]);

    const beforeDelete = new Date().toISOString();
    ok(await alice.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: replies[0]._id }));
    const synced = ok(await bob.api.get('/api/v1/chat.syncThreadMessages', { tmid: thread._id, updatedSince: since })).messages;
    expect(synced.update.map((m: Message) => m._id)).toEqual([replies[1]._id]);
    expect(synced.remove).toEqual([{ _id: replies[0]._id, _deletedAt: expect.any(String) }]);

    const deleted = ok(await bob.api.get('/api/v1/chat.getDeletedMessages', { roomId: channel._id, since: beforeDelete }));
    expect(deleted).toMatchObject({ messages: [{ _id: replies[0]._id }], count: 1, offset: 0, total: 1 });

    const missing = await bob.api.get('/api/v1/chat.syncThreadsList', { rid: channel._id });
    expect(missing.body).toMatchObject({
      success: false,
      errorType: 'error-updatedSince-param-invalid',
      error: 'The required param "updatedSince" is missing. [error-updatedSince-param-invalid]',
    });
    const badDate = await bob.api.get('/api/v1/chat.syncThreadMessages', { tmid: thread._id, updatedSince: 'yesterday' });
    expect(badDate.body.error).toBe('The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]');
    const noTmid = await bob.api.get('/api/v1/chat.syncThreadMessages', { updatedSince: since });
    expect(noTmid.body).toMatchObject({ success: false, errorType: 'invalid-params' });
    const noSince = await bob.api.get('/api/v1/chat.getDeletedMessages', { roomId: channel._id });
    expect(noSince.body.error).toBe("must have required property 'since' [invalid-params]");
  });

  it("lists the caller's starred messages, the pinned ones and the ones mentioning the caller, newest first", async () => {
    ok(await bob.api.post('/api/v1/chat.starMessage', { messageId: sent[0]._id }));
    ok(await bob.api.post('/api/v1/chat.starMessage', { messageId: sent[3]._id }));
    ok(await alice.api.post('/api/v1/chat.starMessage', { messageId: sent[1]._id }));
    ok(await alice.api.post('/api/v1/chat.pinMessage', { messageId: sent[4]._id }));
    const mention = await send(alice, channel._id, { msg: `look @${bob.username}` });
    const list = async (user: CoreUser, route: string, query: Record<string, string> = {}) =>
      ok(await user.api.get(`/api/v1/${route}`, { roomId: channel._id, ...query }));

    const starred = await list(bob, 'chat.getStarredMessages');
    expect(starred.messages.map((m: Message) => m._id)).toEqual([sent[3]._id, sent[0]._id]);
    expect(starred).toMatchObject({ count: 2, offset: 0, total: 2 });
    expect((await list(bob, 'chat.getStarredMessages', { count: '1', offset: '1' })).messages.map((m: Message) => m._id)).toEqual([
      sent[0]._id,
    ]);
    expect((await list(bob, 'chat.getPinnedMessages')).messages.map((m: Message) => m._id)).toEqual([sent[4]._id]);
    const mentioned = (await list(bob, 'chat.getMentionedMessages')).messages.map((m: Message) => m._id);
    expect(mentioned[0]).toBe(mention._id);
    expect((await list(alice, 'chat.getMentionedMessages')).total).toBe(0);
    const badSort = await bob.api.get('/api/v1/chat.getStarredMessages', { roomId: channel._id, sort: '{"msg":1}' });
    expect(badSort.body).toMatchObject({ success: false, errorType: 'error-invalid-sort' });
    for (const route of ['chat.getStarredMessages', 'chat.getPinnedMessages', 'chat.getMentionedMessages']) {
      const refused = await carol.api.get(`/api/v1/${route}`, { roomId: group._id });
      // Rocket.Chat: `Not allowed [error-not-allowed]` for the pinned list, a bare `error-not-allowed` for the others.
      expect(refused.body).toMatchObject({ success: false, error: expect.stringContaining('error-not-allowed') });
    }
  });

  it("ignores a member's messages for the caller (chat.ignoreUser, ignoreUser), both being members", async () => {
    ok(await bob.api.get('/api/v1/chat.ignoreUser', { rid: channel._id, userId: alice.id, ignore: 'true' }));
    expect((await subscriptionOf(bob)).ignored).toEqual([alice.id]);
    await expect(bobDdp.call('ignoreUser', { rid: channel._id, userId: alice.id, ignore: false })).resolves.toBe(true);
    expect((await subscriptionOf(bob)).ignored).toEqual([]);
    const outsider = await bob.api.get('/api/v1/chat.ignoreUser', { rid: channel._id, userId: carol.id, ignore: 'true' });
    expect(outsider.body).toMatchObject({ success: false, errorType: 'error-invalid-subscription' });
    expect(await ddpError(carolDdp.call('ignoreUser', { rid: group._id, userId: alice.id }))).toMatchObject({
      error: 'error-invalid-subscription',
    });
    expect((await subscriptionOf(bob)).ignored).toEqual([]);
  });

  it('stars a room in the sidebar (rooms.favorite, toggleFavorite) for its members only, and tells whether a name is taken', async () => {
    ok(await bob.api.post('/api/v1/rooms.favorite', { roomName: channel.name, favorite: true }));
    expect((await subscriptionOf(bob)).f).toBe(true);
    await bobDdp.call('toggleFavorite', channel._id, false);
    expect((await subscriptionOf(bob)).f).toBe(false);
    const missing = await bob.api.post('/api/v1/rooms.favorite', { roomId: channel._id });
    // Rocket.Chat's `API.v1.failure(...)`: the text alone, no errorType.
    expect(missing.body).toEqual({ success: false, error: "The 'favorite' param is required" });
    expect(await ddpError(carolDdp.call('toggleFavorite', group._id, true))).toMatchObject({ error: 'error-invalid-subscription' });

    expect(ok(await carol.api.get('/api/v1/rooms.nameExists', { roomName: channel.name })).exists).toBe(true);
    expect(ok(await carol.api.get('/api/v1/rooms.nameExists', { roomName: uniqueName('free') })).exists).toBe(false);
  });

  it('refuses every read of a room to who may not read it, and reveals nothing of it', async () => {
    const since = startedAt.toISOString();
    const refusals = [
      await carol.api.get('/api/v1/chat.syncThreadsList', { rid: group._id, updatedSince: since }),
      await carol.api.get('/api/v1/chat.getDeletedMessages', { roomId: group._id, since }),
    ];
    for (const refused of refusals) expect(refused.body).toMatchObject({ success: false, errorType: 'error-not-allowed' });
    const threadInGroup = await send(alice, group._id, { msg: 'private thread' });
    await send(bob, group._id, { msg: 'private reply', tmid: threadInGroup._id });
    const syncThread = await carol.api.get('/api/v1/chat.syncThreadMessages', { tmid: threadInGroup._id, updatedSince: since });
    expect(syncThread.body).toMatchObject({ success: false, errorType: 'error-not-allowed' });
    expect(await ddpError(carolDdp.call('getThreadMessages', { tmid: threadInGroup._id }))).toMatchObject({ error: 'error-not-allowed' });
    expect(await ddpError(carolDdp.call('readThreads', threadInGroup._id))).toMatchObject({ error: 'error-not-allowed' });
  });
});
