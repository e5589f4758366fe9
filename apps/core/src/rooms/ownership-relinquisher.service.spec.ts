import { describe, expect, it } from '@jest/globals';
import { coreWorld } from '../testing/core-world.js';
import { OwnershipRelinquisher } from './ownership-relinquisher.service.js';

/**
 * ann is about to be deactivated. She alone owns `shared` (bob, then carl, joined after her; bob is deactivated),
 * `lonely` (a private group of hers alone) and `open` (a channel of hers alone); she co-owns `pair` with bob; she is a
 * plain member of `crowd` and the only member of `forgotten` (a private group someone left), and has a direct message.
 */
function world() {
  const w = coreWorld({
    users: [
      { _id: 'ann', username: 'ann' },
      { _id: 'bob', username: 'bob', active: false },
      { _id: 'carl', username: 'carl' },
      { _id: 'dora', username: 'dora' },
    ],
    rooms: [
      { _id: 'shared', t: 'p', name: 'shared', fname: 'Shared room' },
      { _id: 'lonely', t: 'p', name: 'lonely' },
      { _id: 'open', t: 'c', name: 'open' },
      { _id: 'pair', t: 'c', name: 'pair' },
      { _id: 'crowd', t: 'c', name: 'crowd' },
      { _id: 'forgotten', t: 'p', name: 'forgotten' },
      { _id: 'annbob', t: 'd', name: 'annbob', uids: ['ann', 'bob'] },
    ],
  });
  const at = (seconds: number) => new Date(seconds * 1000);
  w.subscribe('shared', 'ann', { roles: ['owner'], ts: at(1) });
  w.subscribe('shared', 'bob', { ts: at(2) });
  w.subscribe('shared', 'carl', { ts: at(3) });
  w.subscribe('lonely', 'ann', { roles: ['owner'] });
  w.subscribe('open', 'ann', { roles: ['owner'] });
  w.subscribe('pair', 'ann', { roles: ['owner'] });
  w.subscribe('pair', 'dora', { roles: ['owner'] });
  w.subscribe('crowd', 'ann');
  w.subscribe('crowd', 'dora', { roles: ['owner'] });
  w.subscribe('forgotten', 'ann');
  w.subscribe('annbob', 'ann');
  w.subscribe('annbob', 'bob');
  const relinquisher = new OwnershipRelinquisher(w.rooms, w.subscriptions, w.users, w.eraser, w.realtime);
  return { ...w, relinquisher };
}

describe('OwnershipRelinquisher (Rocket.Chat relinquishRoomOwnerships)', () => {
  it('without confirmation: user-last-owner with the rooms by name, and nothing changes', async () => {
    const w = world();
    await expect(w.relinquisher.relinquish('ann', false)).rejects.toMatchObject({
      code: 'user-last-owner',
      reason: '',
      details: { shouldChangeOwner: ['Shared room'], shouldBeRemoved: expect.arrayContaining(['lonely', 'forgotten']) },
    });
    expect((await w.subscriptions.findByRoomAndUser('shared', 'carl'))?.roles ?? []).toEqual([]);
    expect(await w.rooms.findById('lonely')).not.toBeNull();
    expect(await w.rooms.findById('forgotten')).not.toBeNull();
  });

  it('confirmed: the oldest other active member becomes an owner, private rooms left without one are erased', async () => {
    const w = world();
    const answer = await w.relinquisher.relinquish('ann', true);
    expect(answer.shouldChangeOwner).toEqual(['Shared room']);
    expect([...answer.shouldBeRemoved].sort()).toEqual(['forgotten', 'lonely']);
    // bob joined first but is deactivated: carl.
    expect((await w.subscriptions.findByRoomAndUser('shared', 'carl'))?.roles).toEqual(['owner']);
    expect((await w.subscriptions.findByRoomAndUser('shared', 'bob'))?.roles ?? []).toEqual([]);
    expect(await w.rooms.findById('lonely')).toBeNull();
    expect(await w.rooms.findById('forgotten')).toBeNull();
    // A channel of hers alone stays (Rocket.Chat removes only private rooms), so do rooms with another owner and DMs.
    for (const rid of ['open', 'pair', 'crowd', 'annbob', 'shared']) expect(await w.rooms.findById(rid)).not.toBeNull();
    expect((await w.subscriptions.findByRoomAndUser('pair', 'dora'))?.roles).toEqual(['owner']);
  });

  it('a user who alone owns nothing: nothing to confirm, nothing changes', async () => {
    const w = world();
    await expect(w.relinquisher.relinquish('carl', false)).resolves.toEqual({ shouldChangeOwner: [], shouldBeRemoved: [] });
  });
});
