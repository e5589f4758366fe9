import { describe, expect, it } from '@jest/globals';
import type { Actor, IMessage } from '@rc/contracts';
import { coreWorld, storedMessage } from '../testing/core-world.js';

const actor = (userId: string) => ({ userId }) as Actor;

/** A channel with alice and bob as members, and alice's message `m1` (the room's last). */
function world(
  settings: Record<string, string | number | boolean> = {},
  message: Partial<IMessage> = {},
  room: Record<string, unknown> = {},
) {
  const m1 = storedMessage({ _id: 'm1', rid: 'general', msg: 'look', ...message });
  const w = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob' },
      { _id: 'carol', username: 'carol' },
    ],
    rooms: [{ _id: 'general', t: 'c', name: 'general', lastMessage: m1, ...room }],
    messages: [m1],
    settings,
  });
  w.subscribe('general', 'alice');
  w.subscribe('general', 'bob');
  return { ...w, actions: w.actions() };
}

describe('MessageActionsService.react', () => {
  it('adds a reaction, then takes it back and removes the emoji when nobody is left', async () => {
    const w = world();
    await w.actions.react(actor('bob'), 'm1', 'smile');
    expect(w.repos.messages.data.get('m1')!.reactions).toEqual({ ':smile:': { usernames: ['bob'] } });
    expect(w.repos.rooms.data.get('general')!.lastMessage!.reactions).toEqual({ ':smile:': { usernames: ['bob'] } });
    await w.actions.react(actor('bob'), 'm1', ':smile:');
    expect(w.repos.messages.data.get('m1')!.reactions).toEqual({});
  });

  it('keeps the emoji while others still react with it; shouldReact forces the direction', async () => {
    const w = world();
    await w.actions.react(actor('alice'), 'm1', 'smile');
    await w.actions.react(actor('bob'), 'm1', 'smile');
    await w.actions.react(actor('bob'), 'm1', 'smile', true);
    expect(w.repos.messages.data.get('m1')!.reactions).toEqual({ ':smile:': { usernames: ['alice', 'bob'] } });
    await w.actions.react(actor('bob'), 'm1', 'smile', false);
    await w.actions.react(actor('bob'), 'm1', 'smile', false);
    expect(w.repos.messages.data.get('m1')!.reactions).toEqual({ ':smile:': { usernames: ['alice'] } });
  });

  it('refuses reactions in a read-only room unless it allows reacting when read-only', async () => {
    const readOnly = world({}, {}, { ro: true });
    await expect(readOnly.actions.react(actor('bob'), 'm1', 'smile')).rejects.toMatchObject({ code: 'error-room-is-read-only' });
    const reactable = world({}, {}, { ro: true, reactWhenReadOnly: true });
    await expect(reactable.actions.react(actor('bob'), 'm1', 'smile')).resolves.toEqual({ ok: true });
  });

  it('refuses an unknown message and an archived room', async () => {
    const w = world({}, {}, { archived: true });
    await expect(w.actions.react(actor('bob'), 'nope', 'smile')).rejects.toMatchObject({ code: 'error-message-not-found' });
    await expect(w.actions.react(actor('bob'), 'm1', 'smile')).rejects.toMatchObject({ code: 'error-room-archived' });
  });
});

describe('MessageActionsService.pin', () => {
  it('pins with pin-message and posts a message_pinned system message quoting the message', async () => {
    const w = world();
    w.fakeAccess.grant('bob', 'pin-message', 'general');
    const { message } = await w.actions.pin(actor('bob'), 'm1', true);
    expect(w.repos.messages.data.get('m1')).toMatchObject({ pinned: true, pinnedBy: { _id: 'bob', username: 'bob' } });
    expect(message).toMatchObject({ t: 'message_pinned', u: { _id: 'bob' }, attachments: [{ text: 'look', author_name: 'alice' }] });
    expect(w.systemMessagesIn('general')).toEqual([['message_pinned', '']]);
  });

  it('answers an already pinned message without a second system message', async () => {
    const w = world({}, { pinned: true });
    w.fakeAccess.grant('bob', 'pin-message', 'general');
    await expect(w.actions.pin(actor('bob'), 'm1', true)).resolves.toMatchObject({ message: { _id: 'm1' } });
    expect(w.systemMessagesIn('general')).toEqual([]);
  });

  it('refuses without pin-message, when pinning is off, and unpinning by a non-member', async () => {
    const w = world();
    await expect(w.actions.pin(actor('bob'), 'm1', true)).rejects.toMatchObject({ code: 'not-authorized' });
    const off = world({ Message_AllowPinning: false });
    off.fakeAccess.grant('bob', 'pin-message');
    await expect(off.actions.pin(actor('bob'), 'm1', true)).rejects.toMatchObject({ code: 'error-action-not-allowed' });
    w.fakeAccess.grant('carol', 'pin-message');
    await expect(w.actions.pin(actor('carol'), 'm1', false)).rejects.toMatchObject({ code: 'error-invalid-message' });
  });

  it('unpins without a system message', async () => {
    const w = world({}, { pinned: true });
    w.fakeAccess.grant('bob', 'pin-message');
    await expect(w.actions.pin(actor('bob'), 'm1', false)).resolves.toEqual({});
    expect(w.repos.messages.data.get('m1')!.pinned).toBe(false);
    expect(w.systemMessagesIn('general')).toEqual([]);
  });
});

describe('MessageActionsService.star', () => {
  it('stars and unstars for the caller only, and does nothing for a non-member', async () => {
    const w = world();
    await w.actions.star(actor('bob'), 'm1', true);
    expect(w.repos.messages.data.get('m1')!.starred).toEqual([{ _id: 'bob' }]);
    await w.actions.star(actor('carol'), 'm1', true);
    expect(w.repos.messages.data.get('m1')!.starred).toEqual([{ _id: 'bob' }]);
    await w.actions.star(actor('bob'), 'm1', false);
    expect(w.repos.messages.data.get('m1')!.starred).toEqual([]);
  });

  it('refuses when starring is off or the room is not readable', async () => {
    const off = world({ Message_AllowStarring: false });
    await expect(off.actions.star(actor('bob'), 'm1', true)).rejects.toMatchObject({ code: 'error-action-not-allowed' });
    const hidden = world();
    hidden.fakeAccess.canAccess = () => false;
    await expect(hidden.actions.star(actor('bob'), 'm1', true)).rejects.toMatchObject({ code: 'not-authorized' });
  });
});

describe('MessageActionsService.follow', () => {
  it("follows the thread a reply belongs to; unfollowing clears the thread from the caller's tunread", async () => {
    const w = world({}, { tcount: 1 });
    w.repos.messages.data.insert(storedMessage({ _id: 'r1', rid: 'general', tmid: 'm1' }));
    w.repos.subscriptions.data.updateOne({ rid: 'general', 'u._id': 'bob' }, { $set: { tunread: ['m1'] } });
    await w.actions.follow(actor('bob'), 'r1', true);
    expect(w.repos.messages.data.get('m1')!.replies).toEqual(['bob']);
    await w.actions.follow(actor('bob'), 'r1', false);
    expect(w.repos.messages.data.get('m1')!.replies).toEqual([]);
    expect(w.repos.subscriptions.data.findOne({ rid: 'general', 'u._id': 'bob' })!.tunread).toEqual([]);
  });

  it('refuses when threads are off, the message is unknown or the room not readable', async () => {
    const off = world({ Threads_enabled: false });
    await expect(off.actions.follow(actor('bob'), 'm1', true)).rejects.toMatchObject({ code: 'error-not-allowed' });
    const w = world();
    await expect(w.actions.follow(actor('bob'), 'nope', true)).rejects.toMatchObject({ code: 'error-invalid-message' });
    w.fakeAccess.canAccess = () => false;
    await expect(w.actions.follow(actor('bob'), 'm1', true)).rejects.toMatchObject({ code: 'error-not-allowed' });
  });
});
