import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { useStack } from '../support/stack.js';
import { DdpClient } from '../support/ddp-client.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

type Message = Record<string, any> & { _id: string; msg: string };

/**
 * Messages through REST (`chat.*` and history), against the real processes: Rocket.Chat's message shape,
 * idempotent resends, limits and refusals, threads, unread counters, edits and deletes per permissions and
 * time limits, reactions, pins, stars, search, and the realtime events each write publishes.
 */
describe('messages', () => {
  const t = useStack();
  let probe: StackProbe;
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let dave: CoreUser;
  let channel: { _id: string; name: string };

  beforeAll(async () => {
    probe = await StackProbe.open(t.stack);
    [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((p) => createUser(t.admin, p)));
    channel = ok(
      await alice.api.post('/api/v1/channels.create', { name: uniqueName('talk'), members: [bob.username, carol.username] }),
    ).channel;
  });

  afterAll(async () => {
    await probe?.close();
  });

  const send = async (user: CoreUser, message: Record<string, unknown>): Promise<Message> =>
    ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, ...message } })).message;
  const subscriptionOf = async (user: CoreUser, rid = channel._id) =>
    ok(await user.api.get('/api/v1/subscriptions.getOne', { roomId: rid })).subscription;
  const getMessage = async (user: CoreUser, msgId: string): Promise<Message> =>
    ok(await user.api.get('/api/v1/chat.getMessage', { msgId })).message;
  const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
  /** Moves a message back in time (the time limits need an old message). */
  const backdate = (id: string, minutes: number) =>
    probe.db.collection('rocketchat_message').updateOne({ _id: id as never }, { $set: { ts: new Date(Date.now() - minutes * 60_000) } });

  describe('sending', () => {
    it("stores Rocket.Chat's message shape, with md, mentions, channels and urls resolved, and the room's counters", async () => {
      const before = ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel;
      const message = await send(alice, { msg: `hi @${bob.username} and @all, see #${channel.name} at https://example.com/page` });
      expect(message).toMatchObject({
        _id: expect.any(String),
        rid: channel._id,
        ts: expect.any(String),
        _updatedAt: expect.any(String),
        u: { _id: alice.id, username: alice.username, name: `User ${alice.username}` },
        channels: [{ _id: channel._id, name: channel.name }],
        urls: [{ url: 'https://example.com/page' }],
      });
      expect(message.md[0]).toMatchObject({ type: 'PARAGRAPH' });
      expect(message.md[0].value).toContainEqual({ type: 'MENTION_USER', value: { type: 'PLAIN_TEXT', value: bob.username } });
      expect(message.mentions).toEqual(
        expect.arrayContaining([
          { _id: 'all', username: 'all' },
          { _id: bob.id, username: bob.username, name: `User ${bob.username}`, type: 'user' },
        ]),
      );
      const after = ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel;
      expect(after.msgs).toBe(before.msgs + 1);
      expect(after.lastMessage._id).toBe(message._id);
      expect(after.lm).toBe(message.ts);
    });

    it("counts mentions and unread messages on the other members' subscriptions", async () => {
      await Promise.all([bob, carol, alice].map((u) => u.api.post('/api/v1/subscriptions.read', { rid: channel._id })));
      await send(alice, { msg: `@${bob.username} look` });
      expect(await subscriptionOf(bob)).toMatchObject({ userMentions: 1, unread: 1, alert: true });
      expect(await subscriptionOf(carol)).toMatchObject({ userMentions: 0, unread: 0, alert: true });
      await send(alice, { msg: '@here everyone' });
      expect(await subscriptionOf(carol)).toMatchObject({ groupMentions: 1, unread: 1 });
      expect(await subscriptionOf(bob)).toMatchObject({ userMentions: 1, groupMentions: 1, unread: 2 });
      // A plain message alerts but does not count (Unread_Count: user_and_group_mentions_only).
      await send(alice, { msg: 'nothing special' });
      expect(await subscriptionOf(carol)).toMatchObject({ unread: 1, alert: true });
      expect(await subscriptionOf(alice)).toMatchObject({ unread: 0, alert: false });
    });

    it('stores a message sent twice with the same client _id once, and answers the stored one', async () => {
      const _id = `client-${uniqueName('id')}`;
      const info = async () => ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel;
      const before = (await info()).msgs;
      const first = await send(bob, { _id, msg: 'exactly once' });
      const second = await send(bob, { _id, msg: 'exactly once' });
      expect(second).toEqual(first);
      expect(first._id).toBe(_id);
      expect((await info()).msgs).toBe(before + 1);
      const history = ok(await alice.api.get('/api/v1/channels.history', { roomId: channel._id, count: 100 })).messages as Message[];
      expect(history.filter((m) => m._id === _id)).toHaveLength(1);
      // The room counts a message while storing it: a resend behind a newer message, or a hijack, takes its count back.
      const newer = await send(alice, { msg: 'newer' });
      expect(await send(bob, { _id, msg: 'exactly once' })).toEqual(first);
      const hijack = await carol.api.post('/api/v1/chat.sendMessage', { message: { _id, rid: channel._id, msg: 'mine?' } });
      expect(hijack.body).toMatchObject({ success: false, errorType: 'error-invalid-message' });
      expect(await info()).toMatchObject({ msgs: before + 2, lm: newer.ts, lastMessage: { _id: newer._id, msg: 'newer' } });
    });

    it('marks the links left out of previewUrls as ignoreParse, over REST and DDP alike', async () => {
      const msg = 'see https://one.example.com/page and https://two.example.com/page';
      const viaRest = ok(
        await alice.api.post('/api/v1/chat.sendMessage', {
          message: { rid: channel._id, msg },
          previewUrls: ['https://one.example.com/page'],
        }),
      ).message;
      expect(viaRest.urls).toEqual([{ url: 'https://one.example.com/page' }, { url: 'https://two.example.com/page', ignoreParse: true }]);
      const viaMethod = await alice.api.post('/api/v1/method.call/sendMessage', {
        message: JSON.stringify({
          msg: 'method',
          id: '1',
          method: 'sendMessage',
          params: [{ rid: channel._id, msg }, ['https://two.example.com/page']],
        }),
      });
      expect(JSON.parse(viaMethod.body.message).result.urls).toEqual([
        { url: 'https://one.example.com/page', ignoreParse: true },
        { url: 'https://two.example.com/page' },
      ]);
    });

    it("refuses messages longer than Message_MaxAllowedSize, with Rocket.Chat's error, storing nothing", async () => {
      const before = ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel.msgs;
      const tooLong = await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'x'.repeat(5001) } });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body).toMatchObject({ success: false, errorType: 'error-message-size-exceeded' });
      const posted = await alice.api.post('/api/v1/chat.postMessage', { roomId: channel._id, text: 'y'.repeat(5001) });
      // chat.postMessage's own check: `API.v1.failure('error-message-size-exceeded')`, the id alone.
      expect(posted.body).toEqual({ success: false, error: 'error-message-size-exceeded' });
      await send(alice, { msg: 'x'.repeat(5000) });
      expect(ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel.msgs).toBe(before + 1);
    });

    it('keeps serving while a text the markdown parser is slow on is parsed, and stores that text without markup', async () => {
      // One 5000-character word costs the parser seconds: it is parsed off the event loop, with a deadline.
      const started = Date.now();
      const slow = send(alice, { msg: 'y'.repeat(5000) });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const quickStarted = Date.now();
      await send(bob, { msg: 'meanwhile, *fast*' });
      expect(Date.now() - quickStarted).toBeLessThan(700);
      const stored = await slow;
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(stored.md).toEqual([{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'y'.repeat(5000) }] }]);
    });

    it('refuses unknown rooms, rooms the sender cannot access, read-only and archived rooms', async () => {
      const unknown = await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: 'no-such-room', msg: 'hello?' } });
      // Rocket.Chat's `canSendMessage` throws bare `Error`s: chat.sendMessage answers their text alone.
      expect(unknown.body).toEqual({ success: false, error: 'error-invalid-room' });
      const group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('private'), members: [bob.username] })).group;
      const outsider = await dave.api.post('/api/v1/chat.sendMessage', { message: { rid: group._id, msg: 'let me in' } });
      expect(outsider.body).toEqual({ success: false, error: 'error-not-allowed' });
      const injected = await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: { $ne: null }, msg: 'x' } });
      expect(injected.body.errorType).toBe('invalid-params');
      const notAnObject = await alice.api.post('/api/v1/chat.sendMessage', { message: 'just text' });
      expect(notAnObject.body.errorType).toBe('invalid-params');
      // A client cannot forge a system message: keys the server does not take are dropped (Rocket.Chat lets them
      // through its check unused), so this is an ordinary message.
      const systemType = ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'x', t: 'uj' } }));
      expect(systemType.message.t).toBeUndefined();

      ok(await alice.api.post('/api/v1/groups.setReadOnly', { roomId: group._id, readOnly: true }));
      const readOnly = await bob.api.post('/api/v1/chat.sendMessage', { message: { rid: group._id, msg: 'can I?' } });
      expect(readOnly.body).toEqual({ success: false, error: "You can't send messages because the room is readonly." });
      ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: group._id, msg: 'owners may' } }));

      ok(await alice.api.post('/api/v1/groups.archive', { roomId: group._id }));
      const archived = await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: group._id, msg: 'anyone?' } });
      expect(archived.body).toMatchObject({ success: false, errorType: 'error-room-archived' });
    });

    it("answers DDP sendMessage refusals as Rocket.Chat's method does: an ephemeral message to the sender, no error but error-not-allowed", async () => {
      const socket = await DdpClient.connect(t.stack.gatewayUrl());
      await socket.login(carol.username, PASSWORD);
      await socket.stream('notify-user', `${carol.id}/message`);
      const carolsMessages = () => probe.db.collection('rocketchat_message').countDocuments({ 'u._id': carol.id });
      const ephemeral = (text: string) => socket.nextPush('notify-user', `${carol.id}/message`, (push) => push.args[0]?.msg === text);
      const group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('closed') })).group;
      ok(await alice.api.post('/api/v1/rooms.muteUser', { roomId: channel._id, userId: carol.id }));
      try {
        const before = await carolsMessages();
        const muted = ephemeral('You have been muted and cannot speak in this room');
        expect(await socket.call('sendMessage', { rid: channel._id, msg: 'can you hear me?' })).toBeUndefined();
        expect((await muted).args[0]).toEqual({
          groupable: false,
          msg: 'You have been muted and cannot speak in this room',
          _id: expect.any(String),
          rid: channel._id,
          ts: expect.anything(),
          u: { _id: 'rocket.cat', username: 'rocket.cat' },
          private: true,
          _updatedAt: expect.anything(),
        });
        // error-not-allowed is the one refusal the method rethrows; the sender is told all the same.
        const outsider = ephemeral('Not allowed');
        await expect(socket.call('sendMessage', { rid: group._id, msg: 'let me in' })).rejects.toMatchObject({
          error: { error: 'error-not-allowed' },
        });
        expect((await outsider).args[0]).toMatchObject({ rid: group._id, private: true });
        expect(await carolsMessages()).toBe(before);
      } finally {
        ok(await alice.api.post('/api/v1/rooms.unmuteUser', { roomId: channel._id, userId: carol.id }));
        await socket.close();
      }
    });

    it('posts with chat.postMessage to #channel (joining it), @user (a DM) and refuses unknown channels', async () => {
      const posted = ok(
        await dave.api.post('/api/v1/chat.postMessage', { channel: `#${channel.name}`, text: 'dropping by', alias: undefined }),
      );
      expect(posted).toMatchObject({
        channel: `#${channel.name}`,
        ts: expect.any(Number),
        message: { msg: 'dropping by', rid: channel._id, u: { _id: dave.id } },
      });
      expect(await subscriptionOf(dave)).toMatchObject({ rid: channel._id });
      const direct = ok(await dave.api.post('/api/v1/chat.postMessage', { channel: `@${bob.username}`, text: 'psst' }));
      expect(direct.message.rid).toBe([dave.id, bob.id].sort().join(''));
      const unknown = await dave.api.post('/api/v1/chat.postMessage', { channel: '#no-such-channel', text: 'hello' });
      expect(unknown.body.errorType).toBe('invalid-channel');
      const impersonating = await dave.api.post('/api/v1/chat.postMessage', { roomId: channel._id, text: 'hi', alias: 'The Boss' });
      expect(impersonating.body.success).toBe(false);
    });
  });

  describe('threads', () => {
    it('counts a thread reply in its room; it is the last message only when also sent to the channel (tshow)', async () => {
      const roomInfo = async () => ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel;
      const parent = await send(alice, { msg: 'a thread for the count' });
      const before = await roomInfo();
      await send(bob, { msg: 'a reply in the thread only', tmid: parent._id });
      expect(await roomInfo()).toMatchObject({ msgs: before.msgs + 1, lastMessage: { _id: parent._id }, lm: before.lm });
      const shown = await send(carol, { msg: 'a reply shown in the channel', tmid: parent._id, tshow: true });
      expect(await roomInfo()).toMatchObject({ msgs: before.msgs + 2, lastMessage: { _id: shown._id }, lm: shown.ts });
    });

    it('counts replies on the thread start (tcount, tlm, replies) and keeps them out of the room history', async () => {
      const parent = await send(alice, { msg: 'thread start' });
      const reply = await send(bob, { msg: 'first reply', tmid: parent._id });
      await send(carol, { msg: 'second reply', tmid: parent._id });
      // A reply to a reply goes to the thread's start: threads do not nest.
      const nested = await send(bob, { msg: 'third reply', tmid: reply._id });
      expect(nested.tmid).toBe(parent._id);

      const updated = await getMessage(alice, parent._id);
      expect(updated.tcount).toBe(3);
      expect(updated.tlm).toBe(nested.ts);
      expect([...updated.replies].sort()).toEqual([alice.id, bob.id, carol.id].sort());
      expect(ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel.lastMessage._id).toBe(parent._id);
      expect((await subscriptionOf(alice)).tunread).toContain(parent._id);

      const replies = ok(await carol.api.get('/api/v1/chat.getThreadMessages', { tmid: parent._id }));
      expect(replies).toMatchObject({ count: 3, total: 3, offset: 0 });
      expect(replies.messages.map((m: Message) => m.msg)).toEqual(['first reply', 'second reply', 'third reply']);
      const history = ok(await carol.api.get('/api/v1/channels.history', { roomId: channel._id, count: 10 })).messages as Message[];
      expect(history.map((m) => m.msg)).not.toContain('first reply');
      const withThreads = ok(
        await carol.api.get('/api/v1/channels.history', { roomId: channel._id, count: 10, showThreadMessages: 'true' }),
      ).messages as Message[];
      expect(withThreads.map((m) => m.msg)).toContain('first reply');

      const threads = ok(await carol.api.get('/api/v1/chat.getThreadsList', { rid: channel._id }));
      expect(threads.threads[0]._id).toBe(parent._id);
      ok(await carol.api.post('/api/v1/chat.unfollowMessage', { mid: parent._id }));
      const following = ok(await carol.api.get('/api/v1/chat.getThreadsList', { rid: channel._id, type: 'following' }));
      expect(following.threads.map((m: Message) => m._id)).not.toContain(parent._id);
      ok(await carol.api.post('/api/v1/chat.followMessage', { mid: parent._id }));
      expect((await getMessage(carol, parent._id)).replies).toContain(carol.id);
      const outsider = await dave.api.get('/api/v1/chat.getThreadMessages', { tmid: 'no-such-thread' });
      expect(outsider.body.errorType).toBe('error-invalid-message');

      // Deleting a reply uncounts it; deleting the start of a thread keeps it as "message removed".
      ok(await bob.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: nested._id }));
      expect((await getMessage(alice, parent._id)).tcount).toBe(2);
      ok(await alice.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: parent._id }));
      expect(await getMessage(carol, parent._id)).toMatchObject({ _id: parent._id, t: 'rm', msg: '', tcount: 2 });
      expect(ok(await carol.api.get('/api/v1/chat.getThreadMessages', { tmid: parent._id })).total).toBe(2);
    });
  });

  describe('editing and deleting', () => {
    it("lets authors edit their messages, owners (edit-message) anyone's, and refuses others", async () => {
      const message = await send(bob, { msg: 'typo here' });
      const { message: edited } = ok(
        await bob.api.post('/api/v1/chat.update', { roomId: channel._id, msgId: message._id, text: `fixed, @${carol.username}` }),
      );
      expect(edited).toMatchObject({
        msg: `fixed, @${carol.username}`,
        editedBy: { _id: bob.id, username: bob.username },
        editedAt: expect.any(String),
      });
      expect(edited.mentions.map((m: { _id: string }) => m._id)).toEqual([carol.id]);
      const byOther = await carol.api.post('/api/v1/chat.update', { roomId: channel._id, msgId: message._id, text: 'hijacked' });
      expect(byOther.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });
      ok(await alice.api.post('/api/v1/chat.update', { roomId: channel._id, msgId: message._id, text: 'moderated' }));
      const wrongRoom = await bob.api.post('/api/v1/chat.update', { roomId: 'GENERAL', msgId: message._id, text: 'x' });
      expect(wrongRoom.body.error).toContain('The room id provided does not match where the message is from.');
      const tooLong = await bob.api.post('/api/v1/chat.update', { roomId: channel._id, msgId: message._id, text: 'z'.repeat(5001) });
      expect(tooLong.body.errorType).toBe('error-message-size-exceeded');
    });

    it('applies Message_AllowEditing and the edit time limit', async () => {
      const message = await send(bob, { msg: 'old news' });
      await backdate(message._id, 5);
      await setSetting('Message_AllowEditing_BlockEditInMinutes', 2);
      const blocked = await bob.api.post('/api/v1/chat.update', { roomId: channel._id, msgId: message._id, text: 'new news' });
      expect(blocked.body).toMatchObject({ success: false, errorType: 'error-message-editing-blocked' });
      await setSetting('Message_AllowEditing_BlockEditInMinutes', 0);
      await setSetting('Message_AllowEditing', false);
      const disabled = await bob.api.post('/api/v1/chat.update', { roomId: channel._id, msgId: message._id, text: 'new news' });
      expect(disabled.body.errorType).toBe('error-action-not-allowed');
      await setSetting('Message_AllowEditing', true);
      ok(await bob.api.post('/api/v1/chat.update', { roomId: channel._id, msgId: message._id, text: 'new news' }));
    });

    it('deletes per delete-own-message / delete-message and the delete time limit, copying to the trash first', async () => {
      const mine = await send(carol, { msg: 'to be deleted' });
      const refused = await bob.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: mine._id });
      expect(refused.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });
      const deleted = ok(await carol.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: mine._id }));
      expect(deleted).toMatchObject({
        _id: mine._id,
        ts: expect.any(String),
        message: { _id: mine._id, rid: channel._id, u: { _id: carol.id } },
      });
      expect((await carol.api.get('/api/v1/chat.getMessage', { msgId: mine._id })).body.success).toBe(false);
      const trashed = await probe.db.collection('rocketchat_trash').findOne({ _id: mine._id as never });
      expect(trashed).toMatchObject({
        __collection__: 'rocketchat_message',
        rid: channel._id,
        msg: 'to be deleted',
        _deletedAt: expect.any(Date),
      });
      const again = await carol.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: mine._id });
      // Rocket.Chat's chat.delete: `API.v1.failure('No message found with the id of "…".')`, the text alone.
      expect(again.body).toEqual({ success: false, error: `No message found with the id of "${mine._id}".` });

      const old = await send(carol, { msg: 'too old to delete' });
      await backdate(old._id, 5);
      await setSetting('Message_AllowDeleting_BlockDeleteInMinutes', 2);
      expect((await carol.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: old._id })).body.errorType).toBe(
        'error-action-not-allowed',
      );
      await setSetting('Message_AllowDeleting_BlockDeleteInMinutes', 0);
      // Owners hold delete-message: anyone's message, whatever its age.
      ok(await alice.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: old._id }));
    });

    it("moves the room's last message back when the last one is deleted", async () => {
      const previous = await send(bob, { msg: 'stays' });
      const last = await send(bob, { msg: 'goes' });
      ok(await bob.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: last._id }));
      expect(ok(await bob.api.get('/api/v1/channels.info', { roomId: channel._id })).channel.lastMessage._id).toBe(previous._id);
    });
  });

  describe('reactions, pins, stars, search', () => {
    it('toggles reactions, or sets them with shouldReact', async () => {
      const message = await send(alice, { msg: 'react to me' });
      ok(await bob.api.post('/api/v1/chat.react', { messageId: message._id, emoji: ':+1:' }));
      ok(await carol.api.post('/api/v1/chat.react', { messageId: message._id, emoji: '+1' }));
      expect((await getMessage(alice, message._id)).reactions).toEqual({ ':+1:': { usernames: [bob.username, carol.username] } });
      ok(await bob.api.post('/api/v1/chat.react', { messageId: message._id, emoji: ':+1:' }));
      ok(await carol.api.post('/api/v1/chat.react', { messageId: message._id, emoji: ':+1:', shouldReact: true }));
      expect((await getMessage(alice, message._id)).reactions).toEqual({ ':+1:': { usernames: [carol.username] } });
      ok(await carol.api.post('/api/v1/chat.react', { messageId: message._id, emoji: ':+1:', shouldReact: false }));
      expect((await getMessage(alice, message._id)).reactions?.[':+1:']).toBeUndefined();
      const injected = await carol.api.post('/api/v1/chat.react', { messageId: message._id, emoji: { $gt: '' } });
      expect(injected.body.errorType).toBe('invalid-params');
      const unknown = await carol.api.post('/api/v1/chat.react', { messageId: 'no-such-message', emoji: ':x:' });
      expect(unknown.body.errorType).toBe('error-message-not-found');
    });

    it('pins (pin-message) with a message_pinned notice, and unpins', async () => {
      const message = await send(bob, { msg: 'pin me' });
      const refused = await carol.api.post('/api/v1/chat.pinMessage', { messageId: message._id });
      expect(refused.body).toMatchObject({ success: false, errorType: 'not-authorized' });
      const { message: notice } = ok(await alice.api.post('/api/v1/chat.pinMessage', { messageId: message._id }));
      expect(notice).toMatchObject({
        t: 'message_pinned',
        rid: channel._id,
        u: { _id: alice.id },
        attachments: [{ text: 'pin me', author_name: bob.username }],
      });
      expect(await getMessage(bob, message._id)).toMatchObject({ pinned: true, pinnedBy: { _id: alice.id } });
      const pinned = ok(await bob.api.get('/api/v1/channels.messages', { roomId: channel._id, pinned: 'true' }));
      expect(pinned.messages.map((m: Message) => m._id)).toEqual([message._id]);
      ok(await alice.api.post('/api/v1/chat.unPinMessage', { messageId: message._id }));
      expect((await getMessage(bob, message._id)).pinned).toBe(false);
    });

    it('stars and unstars for the caller', async () => {
      const message = await send(alice, { msg: 'star me' });
      ok(await bob.api.post('/api/v1/chat.starMessage', { messageId: message._id }));
      expect((await getMessage(bob, message._id)).starred).toEqual([{ _id: bob.id }]);
      ok(await bob.api.post('/api/v1/chat.unStarMessage', { messageId: message._id }));
      expect((await getMessage(bob, message._id)).starred).toEqual([]);
    });

    it("lists the caller's mentions and starred messages (the clients' mentionIds / starredIds filters)", async () => {
      const mentioning = await send(alice, { msg: `look @${bob.username}` });
      const starred = await send(alice, { msg: 'worth keeping' });
      await send(alice, { msg: 'nothing special' });
      ok(await bob.api.post('/api/v1/chat.starMessage', { messageId: starred._id }));
      const ids = (body: Record<string, unknown>) => (body.messages as Message[]).map((m) => m._id);

      // The earlier tests of this room mention bob too: every message listed mentions him, and only those.
      const mentions = ok(await bob.api.get('/api/v1/channels.messages', { roomId: channel._id, mentionIds: bob.id }));
      expect(ids(mentions)).toContain(mentioning._id);
      expect(ids(mentions)).not.toContain(starred._id);
      const mentionsOf = (m: Message) => (m as Message & { mentions?: Array<{ _id: string }> }).mentions?.map((u) => u._id);
      expect((mentions.messages as Message[]).every((m) => mentionsOf(m)?.includes(bob.id))).toBe(true);
      expect(mentions.total).toBe(mentions.messages.length);
      const starredByBob = ok(await bob.api.get('/api/v1/channels.messages', { roomId: channel._id, starredIds: bob.id }));
      expect(ids(starredByBob)).toEqual([starred._id]);
      // Comma-joined ids, as Rocket.Chat splits them.
      const either = ok(await bob.api.get('/api/v1/channels.messages', { roomId: channel._id, starredIds: `${carol.id}, ${bob.id}` }));
      expect(ids(either)).toEqual([starred._id]);
      expect(ok(await carol.api.get('/api/v1/channels.messages', { roomId: channel._id, mentionIds: carol.id })).messages).toEqual([]);
      const everything = ok(await bob.api.get('/api/v1/channels.messages', { roomId: channel._id, mentionIds: '' }));
      expect(everything.total).toBeGreaterThanOrEqual(3);
    });

    it('searches a room the caller can read, literally, and refuses others', async () => {
      await send(alice, { msg: 'the needle (in a haystack)' });
      const found = ok(await carol.api.get('/api/v1/chat.search', { roomId: channel._id, searchText: 'needle (in' }));
      expect(found.messages.map((m: Message) => m.msg)).toEqual(['the needle (in a haystack)']);
      const group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('hidden') })).group;
      const refused = await dave.api.get('/api/v1/chat.search', { roomId: group._id, searchText: 'x' });
      expect(refused.body.errorType).toBe('error-not-allowed');
      expect((await dave.api.get('/api/v1/chat.getMessage', { msgId: group._id })).body.success).toBe(false);
    });
  });

  describe('sync', () => {
    it("answers chat.syncMessages: what changed and was deleted after lastUpdate, Rocket.Chat's parameter errors, refusals", async () => {
      const group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('sync'), members: [bob.username] })).group;
      const post = async (msg: string): Promise<Message> =>
        ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: group._id, msg } })).message;
      const before = await post('before the client left');
      const lastUpdate = new Date(Date.parse(before._updatedAt) + 1).toISOString();
      const kept = await post('while away');
      const gone = await post('deleted while away');
      ok(await alice.api.post('/api/v1/chat.delete', { roomId: group._id, msgId: gone._id }));
      ok(await alice.api.post('/api/v1/chat.update', { roomId: group._id, msgId: before._id, text: 'edited while away' }));

      const { result } = ok(await bob.api.get('/api/v1/chat.syncMessages', { roomId: group._id, lastUpdate }));
      expect(result.updated.map((m: Message) => [m._id, m.msg])).toEqual([
        [kept._id, 'while away'],
        [before._id, 'edited while away'],
      ]);
      expect(result.deleted).toEqual([{ _id: gone._id, _deletedAt: expect.any(String) }]);

      const missingRoom = await bob.api.get('/api/v1/chat.syncMessages', { lastUpdate });
      expect(missingRoom.body).toMatchObject({ success: false, error: "must have required property 'roomId' [invalid-params]" });
      const missingDate = await bob.api.get('/api/v1/chat.syncMessages', { roomId: group._id });
      expect(missingDate.body).toMatchObject({ success: false, errorType: 'error-param-required' });
      const badDate = await bob.api.get('/api/v1/chat.syncMessages', { roomId: group._id, lastUpdate: 'yesterday-ish' });
      expect(badDate.body).toMatchObject({ success: false, errorType: 'error-lastUpdate-param-invalid' });
      const outsider = await dave.api.get('/api/v1/chat.syncMessages', { roomId: group._id, lastUpdate });
      expect(outsider.body).toMatchObject({ success: false, errorType: 'error-not-allowed' });
    });
  });

  describe('realtime events', () => {
    it('publishes the message, the room and subscription changes, desktop notifications to connected members, and deletions', async () => {
      // A desktop notification reaches connected members only (Rocket.Chat skips offline ones): bob has a socket.
      const bobSocket = await DdpClient.connect(t.stack.gatewayUrl());
      await bobSocket.login(bob.username, PASSWORD);
      await probe.waitOnline([bob.id]);
      const roomStream = await probe.listen<Message>(`stream.room-messages.${channel._id}`);
      const bobStream = await probe.listenUser<{ eventName: string; args: any[] }>(bob.id);
      const aliceStream = await probe.listenUser<{ eventName: string; args: any[] }>(alice.id);
      const daveStream = await probe.listenUser<{ eventName: string; args: any[] }>(dave.id);
      const roomNotices = await probe.listen<{ eventName: string; args: any[] }>(`stream.notify-room.${channel._id}`);
      const roomChanges = await probe.listen<{ action: string; room: { _id: string; lastMessage?: Message } }>(
        `stream.rooms-changed.${channel._id}`,
      );
      try {
        const message = await send(carol, { msg: `@${bob.username} ping` });
        await waitFor(() => roomStream.events.some((m) => m._id === message._id), {
          describe: () => 'the message on stream-room-messages',
        });
        await waitFor(() => bobStream.events.some((e) => e.eventName === `${bob.id}/notification`), {
          describe: () => 'the desktop notification',
        });
        const notification = bobStream.events.find((e) => e.eventName === `${bob.id}/notification`)!;
        // Without a mention too: the server's default desktop preference is `all` (rooms up to 100 members).
        const plain = await send(carol, { msg: 'no mention here' });
        await waitFor(() => bobStream.events.some((e) => e.eventName === `${bob.id}/notification` && e.args[0].payload._id === plain._id), {
          describe: () => 'the desktop notification of a plain message',
        });
        expect(notification.args[0]).toMatchObject({
          title: `#${channel.name}`,
          text: `${carol.username}: @${bob.username} ping`,
          payload: { _id: message._id, rid: channel._id, type: 'c', sender: { _id: carol.id, username: carol.username } },
        });
        expect(bobStream.events).toContainEqual(
          expect.objectContaining({
            eventName: `${bob.id}/subscriptions-changed`,
            args: ['updated', expect.objectContaining({ rid: channel._id })],
          }),
        );
        // rooms-changed goes out once per room; the gateways deliver it to the members they serve.
        await waitFor(() => roomChanges.events.some((e) => e.action === 'updated' && e.room.lastMessage?._id === message._id), {
          describe: () => 'the rooms-changed event',
        });
        // Every message of a direct message notifies the other member, titled with the sender.
        const dm = ok(await carol.api.post('/api/v1/im.create', { username: bob.username })).room;
        const direct = ok(await carol.api.post('/api/v1/chat.sendMessage', { message: { rid: dm._id, msg: 'just us' } })).message;
        await waitFor(
          () => bobStream.events.some((e) => e.eventName === `${bob.id}/notification` && e.args[0].payload._id === direct._id),
          {
            describe: () => 'the direct message notification',
          },
        );
        const dmNotification = bobStream.events.find((e) => e.args[0]?.payload?._id === direct._id)!;
        expect(dmNotification.args[0]).toMatchObject({ title: carol.username, text: 'just us', payload: { type: 'd', rid: dm._id } });
        ok(await carol.api.post('/api/v1/chat.delete', { roomId: channel._id, msgId: message._id }));
        await waitFor(
          () => roomNotices.events.some((e) => e.eventName === `${channel._id}/deleteMessage` && e.args[0]._id === message._id),
          {
            describe: () => 'the deleteMessage event',
          },
        );
        // Dave is not in the room; alice is, with no socket (offline): neither is notified.
        expect([...aliceStream.events, ...daveStream.events].filter((e) => e.eventName.endsWith('/notification'))).toEqual([]);
      } finally {
        roomStream.stop();
        bobStream.stop();
        aliceStream.stop();
        daveStream.stop();
        roomNotices.stop();
        roomChanges.stop();
        await bobSocket.close();
      }
    });
  });
});
