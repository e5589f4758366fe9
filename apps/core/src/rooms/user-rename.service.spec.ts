import { describe, expect, it } from '@jest/globals';
import type { IMessage, ISubscription } from '@rc/contracts';
import { asReal, coreWorld, storedMessage } from '../testing/core-world.js';
import type { InMemoryCollection } from '../testing/in-memory-collection.js';
import { UserRenameService } from './user-rename.service.js';

type UpdateOne = { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> } };
const bulkWrite =
  <T extends { _id: string }>(collection: InMemoryCollection<T>) =>
  (operations: UpdateOne[]) =>
    Promise.resolve(operations.filter(({ updateOne }) => collection.updateOne(updateOne.filter, updateOne.update) !== null).length);

/**
 * ann (to be renamed anna) wrote in `general`, was mentioned by bob, created `general`, is muted in `quiet`,
 * and has a DM with bob; the rename-only repository methods are written over the same in-memory data.
 */
function world() {
  const w = coreWorld({
    users: [
      { _id: 'ann', username: 'ann', name: 'Ann' },
      { _id: 'bob', username: 'bob', name: 'Bob' },
    ],
    rooms: [
      { _id: 'general', t: 'c', name: 'general', u: { _id: 'ann', username: 'ann' } },
      { _id: 'quiet', t: 'c', name: 'quiet', muted: ['ann', 'eve'] },
      { _id: 'annbob', t: 'd', uids: ['ann', 'bob'], usernames: ['ann', 'bob'] },
    ],
    messages: [
      storedMessage({ _id: 'm1', rid: 'general', msg: 'mine', u: { _id: 'ann', username: 'ann' } }),
      storedMessage({
        _id: 'm2',
        rid: 'general',
        msg: 'hi @ann and @anna',
        u: { _id: 'bob', username: 'bob' },
        mentions: [{ _id: 'ann', username: 'ann', type: 'user' }],
      }),
    ],
  });
  w.subscribe('general', 'ann');
  w.subscribe('annbob', 'ann', { name: 'bob', fname: 'Bob' });
  w.subscribe('annbob', 'bob', { name: 'ann', fname: 'Ann' });
  const { messages, rooms, subscriptions } = w.repos;
  const renameWhere = (filter: Record<string, unknown>, set: Record<string, unknown>) => {
    const ids = rooms.data.find(filter).map((room) => room._id);
    rooms.data.updateMany({ _id: { $in: ids } }, { $set: set });
    return ids;
  };
  const messagesRepo = Object.assign(Object.create(messages) as object, {
    renameAuthor: (userId: string, username: string) =>
      Promise.resolve(messages.data.updateMany({ 'u._id': userId }, { $set: { 'u.username': username } })),
    findMentioning: (username: string, after: string | undefined) =>
      Promise.resolve(after ? [] : messages.data.find({ 'mentions.username': username })),
    bulkWrite: bulkWrite<IMessage>(messages.data),
  });
  const roomsRepo = Object.assign(Object.create(rooms) as object, {
    renameCreator: (userId: string, username: string) => Promise.resolve(renameWhere({ 'u._id': userId }, { 'u.username': username })),
    renameMuted: (oldName: string, newName: string) =>
      Promise.resolve(
        rooms.data.find({ muted: oldName }).map((room) => {
          rooms.data.updateOne({ _id: room._id }, { $set: { muted: room.muted!.map((m) => (m === oldName ? newName : m)) } });
          return room._id;
        }),
      ),
    findDirectByMember: (userId: string) => Promise.resolve(rooms.data.find({ t: 'd', uids: userId })),
    setUsernames: (updates: Array<{ _id: string; usernames: string[] }>) =>
      Promise.resolve(updates.forEach(({ _id, usernames }) => rooms.data.updateOne({ _id }, { $set: { usernames } }))),
  });
  const subscriptionsRepo = Object.assign(Object.create(subscriptions) as object, {
    renameMember: (userId: string, username: string) =>
      Promise.resolve(subscriptions.data.updateMany({ 'u._id': userId }, { $set: { 'u.username': username } })),
    bulkWrite: bulkWrite<ISubscription>(subscriptions.data),
  });
  const service = new UserRenameService(
    asReal(messagesRepo),
    asReal(roomsRepo),
    asReal(subscriptionsRepo),
    w.users,
    w.markdown,
    w.realtime,
    asReal({ rename: () => Promise.resolve() }),
    w.senders,
  );
  return { ...w, service };
}

describe('UserRenameService.rename', () => {
  it('carries a new username into messages, mentions, rooms, mutes, subscriptions and direct messages', async () => {
    const w = world();
    expect(await w.senders.get('ann')).toMatchObject({ username: 'ann' });
    w.repos.users.data.updateOne({ _id: 'ann' }, { $set: { username: 'anna', name: 'Anna' } });
    const result = await w.service.rename({ userId: 'ann', oldUsername: 'ann', newUsername: 'anna', name: 'Anna' });
    // This instance's next send by ann carries her new name.
    expect(await w.senders.get('ann')).toMatchObject({ username: 'anna', name: 'Anna' });

    expect(w.repos.messages.data.get('m1')!.u.username).toBe('anna');
    // Whole usernames only: the existing @anna stays as it was.
    expect(w.repos.messages.data.get('m2')).toMatchObject({ msg: 'hi @anna and @anna', mentions: [{ _id: 'ann', username: 'anna' }] });
    expect(w.repos.rooms.data.get('general')!.u!.username).toBe('anna');
    expect(w.repos.rooms.data.get('quiet')!.muted).toEqual(['anna', 'eve']);
    expect(w.repos.rooms.data.get('annbob')!.usernames).toEqual(['anna', 'bob']);
    // bob sees the DM under ann's new names; ann's own subscriptions carry her new username.
    expect(w.repos.subscriptions.data.findOne({ rid: 'annbob', 'u._id': 'bob' })).toMatchObject({ name: 'anna', fname: 'Anna' });
    expect(w.repos.subscriptions.data.find({ 'u._id': 'ann' }).map((s) => s.u.username)).toEqual(['anna', 'anna']);
    expect(result).toEqual({ messages: 2, rooms: 3, subscriptions: 3 });
  });

  it('with only a new display name, renames the DM as the others see it and nothing else', async () => {
    const w = world();
    const result = await w.service.rename({ userId: 'ann', oldUsername: 'ann', newUsername: 'ann', name: 'Annie' });
    expect(w.repos.subscriptions.data.findOne({ rid: 'annbob', 'u._id': 'bob' })).toMatchObject({ name: 'ann', fname: 'Annie' });
    expect(w.repos.messages.data.get('m2')!.msg).toBe('hi @ann and @anna');
    expect(result).toEqual({ messages: 0, rooms: 0, subscriptions: 1 });
    expect(w.named('subscriptionChanged')).toHaveLength(1);
  });
});
