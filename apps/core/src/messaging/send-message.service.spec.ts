import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@rc/contracts';
import { coreWorld, storedMessage } from '../testing/core-world.js';

const alice: Actor = { userId: 'alice' } as Actor;

/** A channel with alice (the sender), bob and carol as members. */
function channel(room: Record<string, unknown> = {}, settings: Record<string, string | number | boolean> = {}) {
  const world = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob' },
      { _id: 'carol', username: 'carol' },
    ],
    rooms: [{ _id: 'general', t: 'c', name: 'general', ...room }],
    settings,
  });
  for (const userId of ['alice', 'bob', 'carol']) world.subscribe('general', userId, { alert: false, unread: 0, userMentions: 0 });
  return world;
}

const subscriptionOf = (world: ReturnType<typeof channel>, userId: string) =>
  world.repos.subscriptions.data.findOne({ rid: 'general', 'u._id': userId })!;

describe('SendMessageService.send', () => {
  it('stores the message, counts it in the room and makes it the last message', async () => {
    const world = channel();
    const message = await world.sender.send(alice, { rid: 'general', msg: 'hello' });
    await world.memberWorkDone();
    expect(message).toMatchObject({ rid: 'general', msg: 'hello', u: { _id: 'alice', username: 'alice' } });
    expect(world.repos.rooms.data.get('general')).toMatchObject({ msgs: 1, lastMessage: { _id: message._id } });
    expect(world.named('messageUpserted')).toEqual([[expect.objectContaining({ _id: message._id })]]);
  });

  it("alerts the other members, and counts a mention in the mentioned member's unread and userMentions", async () => {
    const world = channel();
    await world.sender.send(alice, { rid: 'general', msg: 'hi @bob' });
    await world.memberWorkDone();
    expect(subscriptionOf(world, 'bob')).toMatchObject({ alert: true, unread: 1, userMentions: 1 });
    // Unread_Count defaults to user_and_group_mentions_only: carol, not mentioned, gets the alert only.
    expect(subscriptionOf(world, 'carol')).toMatchObject({ alert: true, unread: 0, userMentions: 0 });
    expect(subscriptionOf(world, 'alice')).toMatchObject({ alert: false, unread: 0 });
  });

  it("writes the members' changes of a message in one command, whatever their kinds (mention, alert)", async () => {
    const world = channel();
    await world.sender.send(alice, { rid: 'general', msg: 'hi @bob' });
    await world.memberWorkDone();
    // bob: a mention (userMentions, unread, alert); carol: the alert only — two updates, one bulk write.
    expect(subscriptionOf(world, 'bob')).toMatchObject({ alert: true, userMentions: 1 });
    expect(subscriptionOf(world, 'carol')).toMatchObject({ alert: true, userMentions: 0 });
    expect(world.repos.subscriptions.bulkWrites).toBe(1);
  });

  it('counts every message in unread with Unread_Count all_messages', async () => {
    const world = channel({}, { Unread_Count: 'all_messages' });
    await world.sender.send(alice, { rid: 'general', msg: 'plain' });
    await world.memberWorkDone();
    expect(subscriptionOf(world, 'carol')).toMatchObject({ unread: 1, userMentions: 0 });
  });

  it('stores a resend of a client-chosen _id once, returning the stored message', async () => {
    const world = channel();
    const first = await world.sender.send(alice, { _id: 'client-id', rid: 'general', msg: 'once' });
    await world.memberWorkDone();
    const again = await world.sender.send(alice, { _id: 'client-id', rid: 'general', msg: 'once' });
    await world.memberWorkDone();
    expect(again).toEqual(first);
    expect(world.repos.rooms.data.get('general')!.msgs).toBe(1);
    expect(world.named('messageUpserted')).toHaveLength(1);
  });

  it("refuses a client _id already used by someone else's message", async () => {
    const world = channel();
    await world.sender.send(alice, { _id: 'taken', rid: 'general', msg: 'mine' });
    await world.memberWorkDone();
    await expect(world.sender.send({ userId: 'bob' } as Actor, { _id: 'taken', rid: 'general', msg: 'theirs' })).rejects.toMatchObject({
      code: 'error-invalid-message',
    });
  });

  it('refuses an archived room', async () => {
    const world = channel({ archived: true });
    await expect(world.sender.send(alice, { rid: 'general', msg: 'x' })).rejects.toMatchObject({ code: 'error-room-archived' });
  });

  it('refuses a read-only room unless the sender has post-readonly', async () => {
    const world = channel({ ro: true });
    await expect(world.sender.send(alice, { rid: 'general', msg: 'x' })).rejects.toMatchObject({ code: 'error-room-is-read-only' });
    world.fakeAccess.grant('alice', 'post-readonly', 'general');
    await expect(world.sender.send(alice, { rid: 'general', msg: 'x' })).resolves.toMatchObject({ msg: 'x' });
  });

  it('refuses a muted sender, and a sender who cannot access the room', async () => {
    const muted = channel({ muted: ['alice'] });
    await expect(muted.sender.send(alice, { rid: 'general', msg: 'x' })).rejects.toMatchObject({ code: 'error-not-allowed' });
    const outsider = channel();
    outsider.fakeAccess.canAccess = () => false;
    await expect(outsider.sender.send(alice, { rid: 'general', msg: 'x' })).rejects.toMatchObject({ code: 'error-not-allowed' });
  });

  it('refuses an unknown room, and a text over Message_MaxAllowedSize', async () => {
    const world = channel({}, { Message_MaxAllowedSize: 5 });
    await expect(world.sender.send(alice, { rid: 'nowhere', msg: 'x' })).rejects.toMatchObject({ code: 'error-invalid-room' });
    await expect(world.sender.send(alice, { rid: 'general', msg: 'too long' })).rejects.toMatchObject({
      code: 'error-message-size-exceeded',
    });
  });

  it('needs message-impersonate to send under an alias or avatar', async () => {
    const world = channel();
    await expect(world.sender.send(alice, { rid: 'general', msg: 'x', alias: 'Bot' })).rejects.toMatchObject({ code: 'error-not-allowed' });
    world.fakeAccess.grant('alice', 'message-impersonate', 'general');
    await expect(world.sender.send(alice, { rid: 'general', msg: 'x', alias: 'Bot' })).resolves.toMatchObject({ alias: 'Bot' });
  });

  it('needs mention-all for @all, and then counts it in the group mentions', async () => {
    const world = channel();
    await expect(world.sender.send(alice, { rid: 'general', msg: 'hey @all' })).rejects.toMatchObject({
      code: 'error-action-not-allowed',
    });
    world.fakeAccess.grant('alice', 'mention-all', 'general');
    await world.sender.send(alice, { rid: 'general', msg: 'hey @all' });
    await world.memberWorkDone();
    expect(subscriptionOf(world, 'bob')).toMatchObject({ groupMentions: 1, unread: 1, userMentions: 0 });
  });
});

describe("SendMessageService.sendFromClient: Rocket.Chat's answers to a refusal", () => {
  /** The sender's ephemeral messages (stream-notify-user `<uid>/message`). */
  const ephemeralTo = (world: ReturnType<typeof channel>, userId: string) =>
    world
      .named('notifyUser')
      .filter(([to, event]) => to === userId && event === 'message')
      .map(([, , args]) => (args as Array<Record<string, unknown>>)[0]);

  it.each([
    ['muted', { muted: ['alice'] }, 'You have been muted and cannot speak in this room'],
    ['read-only', { ro: true }, "You can't send messages because the room is readonly."],
    ['archived', { archived: true }, 'Room is archived'],
  ])('%s: the DDP method answers nothing, the sender gets the refusal as an ephemeral message', async (_case, room, text) => {
    const world = channel(room);
    await expect(world.sender.sendFromClient(alice, { rid: 'general', msg: 'x' }, undefined, 'ddp')).resolves.toBeNull();
    expect(ephemeralTo(world, 'alice')).toEqual([
      expect.objectContaining({ msg: text, rid: 'general', u: { _id: 'rocket.cat', username: 'rocket.cat' }, private: true }),
    ]);
    expect(world.repos.messages.data.all()).toEqual([]);
  });

  it('rethrows error-not-allowed on DDP, and answers every refusal on REST, each with its ephemeral message', async () => {
    const outsider = channel();
    outsider.fakeAccess.canAccess = () => false;
    await expect(outsider.sender.sendFromClient(alice, { rid: 'general', msg: 'x' }, undefined, 'ddp')).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
    const muted = channel({ muted: ['alice'] });
    await expect(muted.sender.sendFromClient(alice, { rid: 'general', msg: 'x' }, undefined, 'rest')).rejects.toMatchObject({
      reason: 'You_have_been_muted',
    });
    expect(ephemeralTo(outsider, 'alice').map((m) => m.msg)).toEqual(['Not allowed']);
    expect(ephemeralTo(muted, 'alice').map((m) => m.msg)).toEqual(['You have been muted and cannot speak in this room']);
  });

  it("sends no ephemeral message for a refusal of the request itself (executeSendMessage's checks before the room)", async () => {
    const world = channel({}, { Message_MaxAllowedSize: 5 });
    await expect(world.sender.sendFromClient(alice, { rid: 'general', msg: 'too long' }, undefined, 'ddp')).resolves.toBeNull();
    await expect(world.sender.sendFromClient(alice, { msg: 'x' }, undefined, 'ddp')).resolves.toBeNull();
    expect(ephemeralTo(world, 'alice')).toEqual([]);
  });

  it('leaves the answering to internal senders (slash commands): no ephemeral message', async () => {
    const world = channel({ muted: ['alice'] });
    await expect(world.sender.send(alice, { rid: 'general', msg: 'x' })).rejects.toMatchObject({ code: 'error-not-allowed' });
    expect(ephemeralTo(world, 'alice')).toEqual([]);
  });
});

describe('SendMessageService.send in threads', () => {
  const withParent = () => {
    const world = channel();
    world.repos.messages.data.insert(storedMessage({ _id: 'parent', rid: 'general', u: { _id: 'bob', username: 'bob' } }));
    return world;
  };

  it('counts a reply on its parent, makes the parent author and the replier followers, and leaves the room last message alone', async () => {
    const world = withParent();
    const reply = await world.sender.send(alice, { rid: 'general', msg: 'reply', tmid: 'parent' });
    await world.memberWorkDone();
    expect(reply.tmid).toBe('parent');
    expect(world.repos.messages.data.get('parent')).toMatchObject({ tcount: 1, replies: ['bob', 'alice'] });
    expect(world.repos.rooms.data.get('general')).toMatchObject({ msgs: 1 });
    expect(world.repos.rooms.data.get('general')!.lastMessage).toBeUndefined();
    // bob follows the thread: it is unread for him, not for alice.
    expect(subscriptionOf(world, 'bob')).toMatchObject({ tunread: ['parent'], alert: true });
    expect(subscriptionOf(world, 'alice').tunread).toBeUndefined();
    // In the same command as the other changes; bob's event carries the thread.
    expect(world.repos.subscriptions.bulkWrites).toBe(1);
    expect(world.named('subscriptionChanged')).toContainEqual([
      'updated',
      expect.objectContaining({ u: expect.objectContaining({ _id: 'bob' }), tunread: ['parent'] }),
    ]);
  });

  it("puts a reply to a reply in the first message's thread", async () => {
    const world = withParent();
    const first = await world.sender.send(alice, { rid: 'general', msg: 'one', tmid: 'parent' });
    await world.memberWorkDone();
    const second = await world.sender.send({ userId: 'carol' } as Actor, { rid: 'general', msg: 'two', tmid: first._id });
    await world.memberWorkDone();
    expect(second.tmid).toBe('parent');
    expect(world.repos.messages.data.get('parent')).toMatchObject({ tcount: 2 });
  });

  it('refuses a parent from another room, tshow without tmid, and threads when Threads_enabled is off', async () => {
    const world = withParent();
    world.repos.messages.data.insert(storedMessage({ _id: 'elsewhere', rid: 'random' }));
    await expect(world.sender.send(alice, { rid: 'general', msg: 'x', tmid: 'elsewhere' })).rejects.toMatchObject({
      code: 'error-invalid-message',
    });
    await expect(world.sender.send(alice, { rid: 'general', msg: 'x', tshow: true })).rejects.toMatchObject({ code: 'invalid-params' });
    const disabled = channel({}, { Threads_enabled: false });
    await expect(disabled.sender.send(alice, { rid: 'general', msg: 'x', tmid: 'parent' })).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
  });

  it('shows a reply sent with tshow in the room: it becomes the last message and counts for the members', async () => {
    const world = withParent();
    const reply = await world.sender.send(alice, { rid: 'general', msg: 'also here @carol', tmid: 'parent', tshow: true });
    await world.memberWorkDone();
    expect(world.repos.rooms.data.get('general')!.lastMessage).toMatchObject({ _id: reply._id });
    expect(subscriptionOf(world, 'carol')).toMatchObject({ userMentions: 1 });
  });
});
