import { describe, expect, it, jest } from '@jest/globals';
import type { IMessage, IRoom } from '@rc/contracts';
import { waitFor } from '@rc/local-stack';
import { coreWorld, storedMessage } from '../../testing/core-world.js';

/** A room of the given type with alice, bob and carol as members (none alerted, nothing unread). */
function world(room: Partial<IRoom> & Pick<IRoom, 't'>, settings: Record<string, string | number | boolean> = {}) {
  const w = coreWorld({
    // Connected (a desktop notification reaches connected members only).
    users: ['alice', 'bob', 'carol'].map((id) => ({ _id: id, username: id, status: 'online' as const, statusConnection: 'online' })),
    rooms: [{ _id: 'r1', name: 'r1', ...room }],
    settings,
  });
  for (const id of ['alice', 'bob', 'carol']) w.subscribe('r1', id, { alert: false, open: true, unread: 0, userMentions: 0 });
  return w;
}

const fromAlice = (fields: Partial<IMessage> = {}) => storedMessage({ _id: 'm1', rid: 'r1', msg: 'hi', ...fields });
const sub = (w: ReturnType<typeof world>, id: string) => w.repos.subscriptions.data.findOne({ rid: 'r1', 'u._id': id })!;
const room = (w: ReturnType<typeof world>) => w.repos.rooms.data.get('r1')!;

describe('MessageWriter.insert', () => {
  it('in a direct message counts every message as unread (Unread_Count_DM all_messages) and notifies the others', async () => {
    const w = world({ t: 'd', uids: ['alice', 'bob', 'carol'] });
    await w.writer.insert(fromAlice(), room(w));
    await w.memberWorkDone();
    expect(sub(w, 'bob')).toMatchObject({ unread: 1, alert: true });
    expect(sub(w, 'alice')).toMatchObject({ unread: 0, alert: false });
    expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['bob', 'carol']);
  });

  it("notifies every connected member's desktop in a channel by default (the server's `all`), not a busy or offline one", async () => {
    const w = world({ t: 'c' });
    w.repos.users.data.updateOne({ _id: 'bob' }, { $set: { status: 'busy' } });
    await w.writer.insert(fromAlice(), room(w));
    await w.memberWorkDone();
    expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['carol']);
    w.repos.users.data.updateOne({ _id: 'carol' }, { $set: { statusConnection: 'offline' } });
    w.desktopReceivers.forget('carol'); // as presence's announcement of the write does
    await w.writer.insert(fromAlice({ _id: 'm2' }), room(w));
    await w.memberWorkDone();
    expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['carol']);
  });

  it('with the default `mentions`, notifies only the mentioned members in a channel, and members who chose `all`', async () => {
    const w = world({ t: 'c' }, { Accounts_Default_User_Preferences_desktopNotifications: 'mentions' });
    await w.writer.insert(fromAlice({ mentions: [{ _id: 'carol', username: 'carol', type: 'user' }] }), room(w));
    await w.memberWorkDone();
    expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['carol']);
    w.repos.subscriptions.data.updateOne({ rid: 'r1', 'u._id': 'bob' }, { $set: { desktopNotifications: 'all' } });
    await w.writer.insert(fromAlice({ _id: 'm2' }), room(w));
    await w.memberWorkDone();
    expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['carol', 'bob']);
  });

  it('stores a system message in the room count and as last message, but counts it unread for nobody and notifies nobody', async () => {
    const w = world({ t: 'c' }, { Unread_Count: 'all_messages' });
    await w.writer.insert(fromAlice({ t: 'uj' }), room(w));
    await w.memberWorkDone();
    expect(room(w)).toMatchObject({ msgs: 1, lastMessage: { _id: 'm1' } });
    expect(sub(w, 'bob')).toMatchObject({ unread: 0, alert: false });
    expect(w.named('notifyUser')).toEqual([]);
  });

  it('leaves lastMessage alone when Store_Last_Message is off', async () => {
    const w = world({ t: 'c' }, { Store_Last_Message: false });
    await w.writer.insert(fromAlice(), room(w));
    await w.memberWorkDone();
    expect(room(w)).toMatchObject({ msgs: 1 });
    expect(room(w).lastMessage).toBeUndefined();
  });

  it('reopens a hidden room for the other members', async () => {
    const w = world({ t: 'c' });
    w.repos.subscriptions.data.updateOne({ rid: 'r1', 'u._id': 'bob' }, { $set: { open: false } });
    await w.writer.insert(fromAlice(), room(w));
    await w.memberWorkDone();
    expect(sub(w, 'bob').open).toBe(true);
  });

  it('on a resend (same _id) returns the stored message with created: false and does nothing again', async () => {
    const w = world({ t: 'c' });
    const first = await w.writer.insert(fromAlice(), room(w));
    await w.memberWorkDone();
    const eventsAfterFirst = w.events.length;
    const again = await w.writer.insert(fromAlice({ msg: 'changed' }), room(w));
    await w.memberWorkDone();
    expect(again).toMatchObject({ created: false, message: { _id: 'm1', msg: 'hi' } });
    expect(first.created).toBe(true);
    expect(room(w).msgs).toBe(1);
    expect(w.events).toHaveLength(eventsAfterFirst);
  });

  it('counts the message in its room while storing it; a resend takes its count back, the newest message staying last', async () => {
    const w = world({ t: 'c' });
    await w.writer.insert(fromAlice({ ts: new Date(1000) }), room(w));
    await w.writer.insert(fromAlice({ _id: 'm2', msg: 'newer', ts: new Date(2000) }), room(w));
    const again = await w.writer.insert(fromAlice({ msg: 'hi again', ts: new Date(3000) }), room(w));
    expect(again.created).toBe(false);
    expect(room(w)).toMatchObject({ msgs: 2, lm: new Date(2000), lastMessage: { _id: 'm2', msg: 'newer' } });
  });

  it('takes back the room count of a message whose insert failed, and refuses the send', async () => {
    const w = world({ t: 'c' });
    await w.writer.insert(fromAlice(), room(w));
    w.repos.messages.insert = () => Promise.reject(new Error('connection lost'));
    await expect(w.writer.insert(fromAlice({ _id: 'm2' }), room(w))).rejects.toThrow('connection lost');
    expect(room(w)).toMatchObject({ msgs: 1, lastMessage: { _id: 'm1' } });
    expect(w.named('roomChanged')).toHaveLength(1);
  });

  it("refuses a resend under an id of another room's message", async () => {
    const w = world({ t: 'c' });
    w.repos.messages.data.insert(storedMessage({ _id: 'm1', rid: 'elsewhere' }));
    await expect(w.writer.insert(fromAlice(), room(w))).rejects.toMatchObject({ code: 'error-invalid-message' });
  });

  it('a thread reply alerts its followers (not the replier) with the thread in tunread, and notifies only followers', async () => {
    const w = world({ t: 'd', uids: ['alice', 'bob', 'carol'] });
    const parent = w.repos.messages.data.insert(storedMessage({ _id: 'p', rid: 'r1', u: { _id: 'bob', username: 'bob' } }));
    await w.writer.insert(fromAlice({ tmid: 'p' }), room(w), { threadParent: parent });
    await w.memberWorkDone();
    expect(sub(w, 'bob')).toMatchObject({ tunread: ['p'], alert: true, unread: 0 });
    expect(sub(w, 'carol').tunread).toBeUndefined();
    expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['bob']);
    expect(w.repos.messages.data.get('p')).toMatchObject({ tcount: 1, replies: ['bob', 'alice'] });
  });

  it('counts a thread reply in its room while storing it, as last message only when also sent to the room; a failed one is taken back', async () => {
    const w = world({ t: 'c' });
    const parent = w.repos.messages.data.insert(storedMessage({ _id: 'p', rid: 'r1', u: { _id: 'bob', username: 'bob' } }));
    const insert = w.repos.messages.insert.bind(w.repos.messages);
    const countedBeforeInsert: number[] = [];
    w.repos.messages.insert = (...args) => (countedBeforeInsert.push(room(w).msgs ?? 0), insert(...args));
    await w.writer.insert(fromAlice({ _id: 'm1', tmid: 'p', ts: new Date(1000) }), room(w), { threadParent: parent });
    expect(room(w)).toMatchObject({ msgs: 1 });
    expect(room(w).lastMessage).toBeUndefined();
    await w.writer.insert(fromAlice({ _id: 'm2', tmid: 'p', tshow: true, ts: new Date(2000) }), room(w), { threadParent: parent });
    expect(room(w)).toMatchObject({ msgs: 2, lm: new Date(2000), lastMessage: { _id: 'm2' } });
    expect(countedBeforeInsert).toEqual([1, 2]); // the count was written before (here: while) the insert went out
    w.repos.messages.insert = () => Promise.reject(new Error('connection lost'));
    await expect(
      w.writer.insert(fromAlice({ _id: 'm3', tmid: 'p', ts: new Date(3000) }), room(w), { threadParent: parent }),
    ).rejects.toThrow('connection lost');
    expect(room(w)).toMatchObject({ msgs: 2, lm: new Date(2000), lastMessage: { _id: 'm2' } });
    expect(w.repos.messages.data.get('p')).toMatchObject({ tcount: 2 });
  });

  it('delivers the message as soon as its insert is stored, before the room update (written meanwhile) is done', async () => {
    const w = world({ t: 'c' });
    const stored = w.repos.rooms.recordMessage.bind(w.repos.rooms);
    let finishRoomUpdate: () => void = () => undefined;
    w.repos.rooms.recordMessage = (message: IMessage, setAsLast: boolean) =>
      new Promise((resolve) => (finishRoomUpdate = () => resolve(stored(message, setAsLast))));
    const sending = w.writer.insert(fromAlice(), room(w));
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.named('messageUpserted').map(([message]) => (message as IMessage)._id)).toEqual(['m1']);
    expect(w.named('roomChanged')).toEqual([]);
    finishRoomUpdate();
    await sending;
    expect(w.named('messageUpserted')).toHaveLength(1);
    expect(w.named('roomChanged')).toHaveLength(1);
  });
});

describe('MemberWork', () => {
  it('runs after the answer: the send answers with the room updated and the member work recorded, not yet done', async () => {
    const w = world({ t: 'c' }, { Unread_Count: 'all_messages' });
    await w.writer.insert(fromAlice(), room(w));
    expect(room(w).msgs).toBe(1);
    expect(sub(w, 'bob').unread).toBe(0);
    expect([...w.memberWorkItems.items.keys()]).toEqual(['m1']);
    await w.memberWorkDone();
    expect(sub(w, 'bob')).toMatchObject({ unread: 1, alert: true });
    expect(w.named('subscriptionChanged').map(([, s]) => (s as { u: { _id: string } }).u._id)).toEqual(['bob', 'carol']);
    expect(w.memberWorkItems.items.size).toBe(0);
  });

  it('starts right after the answer, with every room whose work arrived in the same turn: their reads go out together', async () => {
    const w = coreWorld({
      users: ['alice', 'bob'].map((id) => ({ _id: id, username: id, status: 'online' as const, statusConnection: 'online' })),
      rooms: ['r1', 'r2'].map((rid) => ({ _id: rid, name: rid, t: 'c' as const })),
      settings: { Unread_Count: 'all_messages' },
    });
    for (const rid of ['r1', 'r2']) for (const id of ['alice', 'bob']) w.subscribe(rid, id, { alert: false, open: true, unread: 0 });
    const subscriptions = w.repos.subscriptions;
    const read = subscriptions.findByRoom.bind(subscriptions);
    const reads: string[] = [];
    let readTogether = 0;
    subscriptions.findByRoom = (rid: string) => {
      reads.push(rid);
      // Counted once the caller's synchronous run is over: the reads issued in it (InFlightGroups sends them as one).
      if (reads.length === 1) queueMicrotask(() => (readTogether = reads.length));
      return read(rid);
    };
    await Promise.all(['r1', 'r2'].map((rid) => w.writer.insert(storedMessage({ _id: `m-${rid}`, rid }), w.repos.rooms.data.get(rid)!)));
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(reads.sort()).toEqual(['r1', 'r2']);
    expect(readTogether).toBe(2);
    for (const rid of ['r1', 'r2']) expect(w.repos.subscriptions.data.findOne({ rid, 'u._id': 'bob' })).toMatchObject({ unread: 1 });
  });

  it('alone, gathers the work of the messages of the next moments: one batch a room, the rooms read together', async () => {
    const w = coreWorld({
      users: ['alice', 'bob'].map((id) => ({ _id: id, username: id, status: 'online' as const, statusConnection: 'online' })),
      rooms: ['r1', 'r2'].map((rid) => ({ _id: rid, name: rid, t: 'c' as const })),
      settings: { Unread_Count: 'all_messages' },
    });
    w.peers.lone = true;
    for (const rid of ['r1', 'r2']) for (const id of ['alice', 'bob']) w.subscribe(rid, id, { alert: false, open: true, unread: 0 });
    const subscriptions = w.repos.subscriptions;
    const read = subscriptions.findByRoom.bind(subscriptions);
    const reads: string[] = [];
    subscriptions.findByRoom = (rid: string) => {
      reads.push(rid);
      return read(rid);
    };
    // The gathering's timer runs on the test's clock: a slow machine cannot let it fire between the sends.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask', 'Date'] });
    try {
      // Three sends answered in different turns of the event loop, two of them in one room.
      for (const [id, rid] of [
        ['a', 'r1'],
        ['b', 'r2'],
        ['c', 'r1'],
      ]) {
        await w.writer.insert(storedMessage({ _id: id, rid }), w.repos.rooms.data.get(rid)!);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(reads).toEqual([]);
      // Started by its own timer (GATHER_MS), not by the flush below.
      jest.advanceTimersByTime(25);
    } finally {
      jest.useRealTimers();
    }
    await waitFor(() => reads.length > 0, { intervalMs: 5, describe: () => 'the gathered work to start' });
    await w.memberWorkDone();

    // One batch a room: each room's subscriptions read once, its messages counted together.
    expect(reads.sort()).toEqual(['r1', 'r2']);
    expect(w.repos.subscriptions.data.findOne({ rid: 'r1', 'u._id': 'bob' })).toMatchObject({ unread: 2 });
    expect(w.repos.subscriptions.data.findOne({ rid: 'r2', 'u._id': 'bob' })).toMatchObject({ unread: 1 });
  });

  it('records nothing for a system message (it has no member work)', async () => {
    const w = world({ t: 'c' });
    await w.writer.insert(fromAlice({ t: 'uj' }), room(w));
    expect(w.memberWorkItems.items.size).toBe(0);
  });

  it('does the messages sent while a job ran as one batch: increments summed, one event per member', async () => {
    const w = world({ t: 'c' }, { Unread_Count: 'all_messages' });
    await Promise.all(['a', 'b', 'c'].map((id) => w.writer.insert(fromAlice({ _id: id }), room(w))));
    await w.memberWorkDone();
    expect(sub(w, 'bob')).toMatchObject({ unread: 3 });
    expect(sub(w, 'carol')).toMatchObject({ unread: 3 });
    const events = w.named('subscriptionChanged').map(([, s]) => s as { u: { _id: string }; unread: number });
    expect(events.length).toBeLessThanOrEqual(6);
    expect(events.filter((e) => e.u._id === 'bob').at(-1)?.unread).toBe(3);
  });

  it('resumes the work of a message whose instance died between the answer and the work, once its claim expired', async () => {
    const w = world({ t: 'c' }, { Unread_Count: 'all_messages' });
    // What a crash leaves: the message and the room stored, the record written, the work never run.
    const message = w.repos.messages.data.insert(fromAlice({ mentions: [{ _id: 'carol', username: 'carol', type: 'user' }] }));
    await w.rooms.recordMessage(message, true);
    w.memberWorkItems.mark('m1', 'r1', new Date(Date.now() - 60_000), 30_000);
    expect(await w.memberWork.sweep()).toBe(1);
    expect(sub(w, 'bob')).toMatchObject({ unread: 1, alert: true });
    expect(sub(w, 'carol')).toMatchObject({ unread: 1, userMentions: 1, alert: true });
    expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['bob', 'carol']);
    expect(w.pushed.map((p) => p.messageId)).toEqual(['m1']);
    expect(w.memberWorkItems.items.size).toBe(0);
    // A claim still running (its instance alive) is left alone.
    w.memberWorkItems.mark('m2', 'r1', new Date(), 30_000);
    expect(await w.memberWork.sweep()).toBe(0);
    expect(w.memberWorkItems.items.size).toBe(1);
  });

  describe('a plain message (a channel over Notifications_Max_Room_Members, no mention, no thread, unread counted for mentions)', () => {
    const LIMIT = { Notifications_Max_Room_Members: 2 };
    const alerted = (w: ReturnType<typeof world>, ...ids: string[]) => {
      for (const id of ids) w.repos.subscriptions.data.updateOne({ rid: 'r1', 'u._id': id }, { $set: { alert: true, open: true } });
    };

    it('reads only the members it changes: when every other member is alerted, no write and no event', async () => {
      const w = world({ t: 'c', usersCount: 3 }, LIMIT);
      alerted(w, 'bob', 'carol');
      await w.writer.insert(fromAlice(), room(w));
      await w.memberWorkDone();
      expect(w.repos.subscriptions.narrowedReads).toBe(1);
      expect(w.repos.subscriptions.bulkWrites).toBe(0);
      expect(w.named('subscriptionChanged')).toEqual([]);
      // The push rules still see the room's size, not the members read (Notifications_Max_Room_Members).
      expect(w.pushed).toEqual([
        expect.objectContaining({ messageId: 'm1', members: ['alice'], facts: expect.objectContaining({ roomMembersCount: 3 }) }),
      ]);
    });

    it('alerts and reopens the members who need it, as the full read did, with their events', async () => {
      const w = world({ t: 'c', usersCount: 3 }, LIMIT);
      alerted(w, 'carol');
      w.repos.subscriptions.data.updateOne({ rid: 'r1', 'u._id': 'carol' }, { $set: { open: false } });
      await w.writer.insert(fromAlice(), room(w));
      await w.memberWorkDone();
      expect(sub(w, 'bob')).toMatchObject({ alert: true, open: true, unread: 0 });
      expect(sub(w, 'carol')).toMatchObject({ alert: true, open: true, unread: 0 });
      expect(sub(w, 'alice')).toMatchObject({ alert: false });
      expect(
        w
          .named('subscriptionChanged')
          .map(([, s]) => (s as { u: { _id: string } }).u._id)
          .sort(),
      ).toEqual(['bob', 'carol']);
      expect(w.repos.subscriptions.narrowedReads).toBe(1);
    });

    it('reads the members who may get a push (they have a device) for the push rules', async () => {
      const w = world({ t: 'c', usersCount: 3 }, LIMIT);
      alerted(w, 'bob', 'carol');
      w.pushAudience.users = new Set(['carol']);
      await w.writer.insert(fromAlice(), room(w));
      await w.memberWorkDone();
      expect(w.pushed.map((p) => p.members.sort())).toEqual([['alice', 'carol']]);
    });

    it('notifies no desktop there by default, but a member whose room choice is `all` (read with the others it changes)', async () => {
      const w = world({ t: 'c', usersCount: 3 }, LIMIT);
      alerted(w, 'bob', 'carol');
      w.repos.subscriptions.data.updateOne(
        { rid: 'r1', 'u._id': 'carol' },
        { $set: { desktopNotifications: 'all', desktopPrefOrigin: 'subscription' } },
      );
      await w.writer.insert(fromAlice(), room(w));
      await w.memberWorkDone();
      expect(w.repos.subscriptions.narrowedReads).toBe(1);
      expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['carol']);
    });

    it('reads every member in a room under the limit: every connected member may get a desktop notification', async () => {
      const w = world({ t: 'c', usersCount: 3 });
      alerted(w, 'bob', 'carol');
      await w.writer.insert(fromAlice(), room(w));
      await w.memberWorkDone();
      expect(w.repos.subscriptions.narrowedReads).toBe(0);
      expect(w.named('notifyUser').map(([userId]) => userId)).toEqual(['bob', 'carol']);
    });

    it('reads every member when the audience cannot be bounded (e-mails on, many devices), a mention, or all_messages', async () => {
      const unbounded = world({ t: 'c', usersCount: 3 }, LIMIT);
      alerted(unbounded, 'bob', 'carol');
      unbounded.pushAudience.users = undefined;
      await unbounded.writer.insert(fromAlice(), room(unbounded));
      await unbounded.memberWorkDone();
      expect(unbounded.pushed.map((p) => p.members.sort())).toEqual([['alice', 'bob', 'carol']]);

      const mention = world({ t: 'c' });
      alerted(mention, 'bob', 'carol');
      await mention.writer.insert(fromAlice({ mentions: [{ _id: 'bob', username: 'bob', type: 'user' }] }), room(mention));
      await mention.memberWorkDone();
      expect(sub(mention, 'bob')).toMatchObject({ userMentions: 1 });

      const everyMessage = world({ t: 'c' }, { Unread_Count: 'all_messages' });
      alerted(everyMessage, 'bob', 'carol');
      await everyMessage.writer.insert(fromAlice(), room(everyMessage));
      await everyMessage.memberWorkDone();
      expect(sub(everyMessage, 'carol')).toMatchObject({ unread: 1 });
      expect([mention, everyMessage, unbounded].map((w) => w.repos.subscriptions.narrowedReads)).toEqual([0, 0, 0]);
    });
  });
});
