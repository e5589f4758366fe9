import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@rc/contracts';
import { asReal, coreWorld, storedMessage } from '../testing/core-world.js';
import { SubscriptionsService } from './subscriptions.service.js';

const bob = { userId: 'bob' } as Actor;
const last = storedMessage({ _id: 'last', rid: 'general', ts: new Date(Date.UTC(2026, 0, 1)) });

/** bob in `general` with unread counters and a thread unread, and in a DM; the room's last message is `last`. */
function world(history = [last], settings: Record<string, boolean> = {}) {
  const w = coreWorld({
    settings,
    users: ['alice', 'bob'].map((id) => ({ _id: id, username: id })),
    rooms: [
      { _id: 'general', t: 'c', name: 'general' },
      { _id: 'alicebob', t: 'd', uids: ['alice', 'bob'] },
    ],
    messages: [
      last,
      storedMessage({ _id: 'mine', rid: 'general', u: { _id: 'bob', username: 'bob' } }),
      storedMessage({ _id: 't1', rid: 'general', tcount: 2 }),
    ],
  });
  w.subscribe('general', 'bob', { alert: true, unread: 3, userMentions: 1, groupMentions: 1, tunread: ['t1'], open: true });
  w.subscribe('alicebob', 'bob', { open: true });
  const messages = Object.assign(Object.create(w.repos.messages) as object, { findHistory: () => Promise.resolve(history) });
  const service = new SubscriptionsService(
    w.access,
    w.subscriptions,
    w.rooms,
    asReal(messages),
    w.trash,
    w.realtime,
    w.resolver,
    w.settings,
    asReal({ removeWaitingOfRoom: () => Promise.resolve(0) }),
  );
  return { ...w, service };
}
const general = (w: ReturnType<typeof world>) => w.repos.subscriptions.data.findOne({ rid: 'general', 'u._id': 'bob' })!;

describe('SubscriptionsService.read', () => {
  it('resets the counters and alert and marks everything seen; thread unreads only with readThreads', async () => {
    const w = world();
    await w.service.read(bob, 'general', false);
    expect(general(w)).toMatchObject({ alert: false, unread: 0, userMentions: 0, groupMentions: 0, tunread: ['t1'] });
    expect(general(w).ls).toBeInstanceOf(Date);
    await w.service.read(bob, 'general', true);
    expect(general(w).tunread).toBeUndefined();
    expect(w.named('subscriptionChanged')).toHaveLength(2);
  });

  it('refuses a room the user is not subscribed to', async () => {
    await expect(world().service.read(bob, 'elsewhere', false)).rejects.toMatchObject({
      code: 'failure',
      reason: 'error-invalid-subscription',
    });
  });
});

describe('SubscriptionsService.unread', () => {
  it("by room: seen up to the room's last message, alerted", async () => {
    const w = world();
    await w.service.unread(bob, 'general');
    expect(general(w)).toMatchObject({ alert: true, ls: last.ts });
  });

  it("from a message: seen up to just before it; never from one's own message", async () => {
    const w = world();
    await w.service.unread(bob, undefined, { _id: 'last' });
    expect(general(w).ls).toEqual(new Date(last.ts.getTime() - 1));
    await expect(w.service.unread(bob, undefined, { _id: 'mine' })).rejects.toMatchObject({ code: 'error-action-not-allowed' });
  });

  it('refuses an unreadable room and a room without messages', async () => {
    const empty = world([]);
    await expect(empty.service.unread(bob, 'general')).rejects.toMatchObject({ code: 'error-no-message-for-unread' });
    const hidden = world();
    hidden.fakeAccess.canAccess = () => false;
    await expect(hidden.service.unread(bob, 'general')).rejects.toMatchObject({ code: 'error-not-allowed' });
  });
});

describe('SubscriptionsService.setOpen', () => {
  it('hides a room (and clears its alert), then opens it again', async () => {
    const w = world();
    await w.service.setOpen(bob, { roomId: 'general', t: 'c' }, false);
    expect(general(w)).toMatchObject({ open: false, alert: false });
    await w.service.setOpen(bob, { roomId: 'general', t: 'c' }, true);
    expect(general(w).open).toBe(true);
  });

  it('finds the room by name as the family resolves it', async () => {
    const w = world();
    await w.service.setOpen(bob, { roomName: 'general', t: 'c' }, false);
    expect(general(w).open).toBe(false);
    await expect(w.service.setOpen(bob, { roomName: 'general', t: 'p' }, false)).rejects.toMatchObject({ code: 'error-room-not-found' });
  });

  it('refuses a room already in that state, in Rocket.Chat words, and a room of another family', async () => {
    const w = world();
    // `API.v1.failure('<text>')`: the text alone.
    await expect(w.service.setOpen(bob, { roomId: 'general', t: 'c' }, true)).rejects.toMatchObject({
      code: 'failure',
      reason: 'The channel, general, is already open to the sender',
    });
    // Opening an open direct message is no error in Rocket.Chat (im.open answers 200); closing a closed one is.
    await expect(w.service.setOpen(bob, { roomId: 'alicebob', t: 'd' }, true)).resolves.toEqual({ ok: true });
    await w.service.setOpen(bob, { roomId: 'alicebob', t: 'd' }, false);
    await expect(w.service.setOpen(bob, { roomId: 'alicebob', t: 'd' }, false)).rejects.toMatchObject({
      reason: 'The direct message room, is already closed to the sender',
    });
    // A channel through im.*: Meteor's bare `invalid-channel` (`getRoomByNameOrIdWithOptionToJoin`).
    await expect(w.service.setOpen(bob, { roomId: 'general', t: 'd' }, false)).rejects.toMatchObject({
      code: 'invalid-channel',
      reason: '',
    });
    await expect(w.service.setOpen(bob, { roomId: 'alicebob', t: 'c' }, false)).rejects.toMatchObject({
      code: 'error-room-not-found',
      reason: 'The required "roomId" or "roomName" param provided does not match any channel',
    });
  });

  it('refuses a non-member and a direct message the caller cannot read, in Rocket.Chat order', async () => {
    const w = world();
    await expect(w.service.setOpen({ userId: 'alice' } as Actor, { roomId: 'general', t: 'c' }, false)).rejects.toMatchObject({
      code: 'failure',
      reason: 'The user/callee is not in the channel "general.',
    });
    // im.close of an unknown room: only the caller's subscription is looked for; im.open checks access first.
    await expect(w.service.setOpen(bob, { roomId: 'nope', t: 'd' }, false)).rejects.toMatchObject({
      code: 'failure',
      reason: 'The user is not subscribed to the room',
    });
    await expect(w.service.setOpen(bob, { roomId: 'nope', t: 'd' }, true)).rejects.toMatchObject({ code: 'error-unauthorized' });
    w.fakeAccess.canAccess = () => false;
    await expect(w.service.setOpen(bob, { roomId: 'alicebob', t: 'd' }, false)).rejects.toMatchObject({ code: 'error-unauthorized' });
    expect(general(w).open).toBe(true);
  });
});

describe('SubscriptionsService.showInSidebar (openRoom / hideRoom)', () => {
  it('counts the change instead of refusing, and changes nothing for a non-member', async () => {
    const w = world();
    await expect(w.service.showInSidebar('bob', 'general', true)).resolves.toBe(0);
    await expect(w.service.showInSidebar('bob', 'general', false)).resolves.toBe(1);
    expect(general(w)).toMatchObject({ open: false, alert: false });
    await expect(w.service.showInSidebar('alice', 'general', false)).resolves.toBe(0);
    expect(w.named('subscriptionChanged')).toHaveLength(1);
  });
});

describe('SubscriptionsService.readThread', () => {
  it('takes the thread out of the unread threads; the alert stays while messages are unread', async () => {
    const w = world();
    await w.service.readThread(bob, 't1');
    expect(general(w)).toMatchObject({ tunread: [], alert: true });
    expect(w.named('subscriptionChanged')).toHaveLength(1);
    await w.service.readThread(bob, 't1');
    expect(w.named('subscriptionChanged')).toHaveLength(1);
  });

  it('clears the alert when nothing else is unread', async () => {
    const w = world();
    w.repos.subscriptions.data.updateOne({ rid: 'general', 'u._id': 'bob' }, { $set: { unread: 0 } });
    await w.service.readThread(bob, 't1');
    expect(general(w)).toMatchObject({ tunread: [], alert: false });
  });

  it('refuses when threads are off or the room is unreadable; an unknown thread is a no-op', async () => {
    const w = world();
    await expect(w.service.readThread(bob, 'nope')).resolves.toEqual({ ok: true });
    w.fakeAccess.canAccess = () => false;
    await expect(w.service.readThread(bob, 't1')).rejects.toMatchObject({ code: 'error-not-allowed', reason: 'Not allowed' });
    expect(general(w).tunread).toEqual(['t1']);
    const off = world([last], { Threads_enabled: false });
    await expect(off.service.readThread(bob, 't1')).rejects.toMatchObject({ reason: 'Threads Disabled' });
    expect(general(off).tunread).toEqual(['t1']);
  });
});

describe('SubscriptionsService.get', () => {
  it("answers the caller's subscriptions", async () => {
    const w = world();
    await expect(w.service.get(bob)).resolves.toHaveLength(2);
    await expect(w.service.getOne(bob, 'general')).resolves.toMatchObject({ rid: 'general' });
  });
});
