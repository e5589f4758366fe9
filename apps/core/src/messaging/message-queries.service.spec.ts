import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@rc/contracts';
import type { HistoryQuery, MessagesRepository } from '@rc/models';
import { asReal, coreWorld, storedMessage } from '../testing/core-world.js';
import { MessageQueriesService } from './message-queries.service.js';
import { fakePageSize } from '../testing/fake-services.js';

const bob = { userId: 'bob' } as Actor;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const page = [storedMessage({ _id: 'm3', rid: 'general', ts: at(3) }), storedMessage({ _id: 'm2', rid: 'general', ts: at(2) })];

/** The queries over a channel `general` (bob a member) and a direct message bob–carol; the pages they read are recorded. */
function world(settings: Record<string, boolean> = {}) {
  const w = coreWorld({
    users: ['alice', 'bob', 'carol'].map((id) => ({ _id: id, username: id })),
    rooms: [
      { _id: 'general', t: 'c', name: 'general' },
      { _id: 'bobcarol', t: 'd', uids: ['bob', 'carol'] },
    ],
    messages: [storedMessage({ _id: 'thread', rid: 'general', tcount: 2 })],
    settings,
  });
  w.subscribe('general', 'bob', { tunread: ['thread'] });
  const asked: Record<string, unknown[]> = {};
  const record =
    <T>(name: string, answer: T) =>
    (...args: unknown[]) => ((asked[name] = args), Promise.resolve(answer));
  const messages: Partial<Record<keyof MessagesRepository, unknown>> = {
    findById: (id: string) => w.messages.findById(id),
    findHistory: record('findHistory', page),
    findFirstAfter: record('findFirstAfter', storedMessage({ _id: 'm1', rid: 'general', ts: at(1) })),
    countHistory: record('countHistory', 1),
    findVisiblePage: record('findVisiblePage', { items: page, count: page.length, offset: 0, total: 7 }),
    findUpdatedSince: record('findUpdatedSince', page),
  };
  const queries = new MessageQueriesService(
    fakePageSize(),
    asReal(messages),
    w.rooms,
    w.subscriptions,
    w.users,
    w.resolver,
    w.access,
    w.settings,
    w.trash,
  );
  return { ...w, queries, asked };
}

const historyQuery = { inclusive: false, unreads: false, showThreadMessages: true, offset: 0, count: undefined };

describe('MessageQueriesService.history', () => {
  it('reads a page of the default size (API_Default_Count, 50), capped at 100', async () => {
    const w = world();
    await expect(w.queries.history(bob, { roomId: 'general', t: 'c' }, historyQuery)).resolves.toEqual({ messages: page });
    expect((w.asked.findHistory[0] as HistoryQuery).limit).toBe(50);
    await w.queries.history(bob, { roomId: 'general', t: 'c' }, { ...historyQuery, count: 500 });
    expect((w.asked.findHistory[0] as HistoryQuery).limit).toBe(100);
  });

  it("answers where the caller's unread messages start when the page does not reach them", async () => {
    const w = world();
    w.repos.subscriptions.data.updateOne({ rid: 'general', 'u._id': 'bob' }, { $set: { ls: at(0) } });
    const result = await w.queries.history(bob, { roomId: 'general', t: 'c' }, { ...historyQuery, unreads: true });
    expect(result).toMatchObject({ firstUnread: { _id: 'm1' }, unreadNotLoaded: 1 });
  });

  it('refuses (error-unauthorized) a room the caller cannot read, and an unjoined channel without preview-c-room', async () => {
    const w = world();
    const alice = { userId: 'alice' } as Actor;
    await expect(w.queries.history(alice, { roomId: 'general', t: 'c' }, historyQuery)).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
    w.fakeAccess.grant('alice', 'preview-c-room');
    await expect(w.queries.history(alice, { roomId: 'general', t: 'c' }, historyQuery)).resolves.toEqual({ messages: page });
    w.fakeAccess.canAccess = () => false;
    await expect(w.queries.history(bob, { roomId: 'general' }, historyQuery)).rejects.toMatchObject({ code: 'error-unauthorized' });
  });
});

describe('MessageQueriesService.loadHistory', () => {
  /** The membership reads the call made (a subscription read is a database command). */
  const countingMemberships = (w: ReturnType<typeof world>) => {
    const reads: string[] = [];
    const find = w.repos.subscriptions.findByRoomAndUser.bind(w.repos.subscriptions);
    w.repos.subscriptions.findByRoomAndUser = (rid: string, userId: string) => (reads.push(userId), find(rid, userId));
    return reads;
  };

  it('reads no membership when preview-c-room allows the channel (asked first, as Rocket.Chat does)', async () => {
    const w = world();
    const reads = countingMemberships(w);
    w.fakeAccess.grant('bob', 'preview-c-room');
    await expect(w.queries.loadHistory(bob, 'general', undefined, 50, undefined, true)).resolves.toEqual({ messages: page });
    expect(reads).toEqual([]);
    expect((w.asked.findHistory[0] as HistoryQuery).limit).toBe(50);
  });

  it('without preview-c-room, reads the membership: a member may read, anyone else is refused (error-unauthorized)', async () => {
    const w = world();
    const reads = countingMemberships(w);
    await expect(w.queries.loadHistory(bob, 'general', undefined, 50, undefined, true)).resolves.toEqual({ messages: page });
    await expect(w.queries.loadHistory({ userId: 'alice' } as Actor, 'general', undefined, 50, undefined, true)).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
    expect(reads).toEqual(['bob', 'alice']);
    w.fakeAccess.canAccess = () => false;
    await expect(w.queries.loadHistory(bob, 'general', undefined, 50, undefined, true)).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
  });
});

describe('MessageQueriesService.sync (chat.syncMessages)', () => {
  it("answers the room's messages changed after lastUpdate and the ones deleted after it, not before", async () => {
    const w = world();
    await w.trash.put('rocketchat_message', [{ _id: 'old', rid: 'general' } as never], at(1));
    await w.trash.put('rocketchat_message', [{ _id: 'gone', rid: 'general' } as never], at(5));
    await w.trash.put('rocketchat_message', [{ _id: 'elsewhere', rid: 'bobcarol' } as never], at(5));
    const result = await w.queries.sync(bob, 'general', { lastUpdate: at(2), count: 20 });
    expect(result).toEqual({ result: { updated: page, deleted: [{ _id: 'gone', _deletedAt: at(5) }] } });
    expect(w.asked.findUpdatedSince).toEqual(['general', at(2)]);
  });

  it('refuses (error-not-allowed) a room the caller cannot read', async () => {
    const w = world();
    w.fakeAccess.canAccess = () => false;
    await expect(w.queries.sync(bob, 'general', { lastUpdate: at(0), count: 20 })).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(w.queries.sync(bob, 'no-such-room', { type: 'UPDATED', count: 20 })).rejects.toMatchObject({ code: 'error-not-allowed' });
  });

  it("answers empty lists to a type without a cursor, as Rocket.Chat's route does (its history read is not what it answers)", async () => {
    const w = world();
    await expect(w.queries.sync(bob, 'general', { type: 'UPDATED', count: 20 })).resolves.toEqual({ result: { updated: [], deleted: [] } });
  });
});

describe('MessageQueriesService.list', () => {
  it("finds a direct message by the other member's username (ids sorted and joined)", async () => {
    const w = world();
    await expect(w.queries.list(bob, { username: 'carol' }, { offset: 0, count: 10 })).resolves.toMatchObject({ total: 7, count: 2 });
    expect(w.asked.findVisiblePage[0]).toEqual({ rid: 'bobcarol', pinned: undefined });
    // No direct message with that user: Rocket.Chat's `getRoomByNameOrIdWithOptionToJoin` says `invalid-channel`.
    await expect(w.queries.list(bob, { username: 'alice' }, { offset: 0, count: 10 })).rejects.toMatchObject({
      code: 'invalid-channel',
    });
  });

  it('refuses a sort on a field that is not a message date or counter', async () => {
    const w = world();
    await expect(w.queries.list(bob, { roomId: 'general' }, { sort: { msg: 1 }, offset: 0, count: 10 })).rejects.toMatchObject({
      code: 'error-invalid-sort',
    });
  });
});

describe('MessageQueriesService threads', () => {
  it("lists the caller's unread threads from their subscription's tunread", async () => {
    const w = world();
    await w.queries.threadsList(bob, 'general', { type: 'unread', offset: 0, count: undefined });
    expect(w.asked.findVisiblePage).toEqual([
      { rid: 'general', threads: { ids: ['thread'], followerId: undefined }, text: undefined },
      { sort: { tlm: -1 }, offset: 0, limit: 50 },
    ]);
    await w.queries.threadsList(bob, 'general', { type: 'following', offset: 0, count: undefined });
    expect(w.asked.findVisiblePage[0]).toMatchObject({ threads: { followerId: 'bob', ids: undefined } });
  });

  it('refuses thread reads when Threads_enabled is off, for an unknown thread, and in an unreadable room', async () => {
    const off = world({ Threads_enabled: false });
    await expect(off.queries.threadMessages(bob, 'thread', { offset: 0, count: undefined })).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
    const w = world();
    await expect(w.queries.threadMessages(bob, 'nope', { offset: 0, count: undefined })).rejects.toMatchObject({
      code: 'error-invalid-message',
    });
    w.fakeAccess.canAccess = () => false;
    await expect(w.queries.threadMessages(bob, 'thread', { offset: 0, count: undefined })).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
  });
});

describe('MessageQueriesService.get', () => {
  it('answers a readable message, null for none (getSingleMessage), and refuses one in an unreadable room', async () => {
    const w = world();
    await expect(w.queries.get(bob, 'thread')).resolves.toMatchObject({ _id: 'thread' });
    await expect(w.queries.get(bob, 'nope')).resolves.toBeNull();
    w.fakeAccess.canAccess = () => false;
    await expect(w.queries.get(bob, 'thread')).rejects.toMatchObject({ code: 'error-not-allowed' });
  });
});
