import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rc/contracts';
import { coreWorld, storedMessage } from '../testing/core-world.js';

describe('RoomEraser.erase', () => {
  it('trashes and deletes the messages, then the room, then the subscriptions, and tells every former member', async () => {
    const w = coreWorld({
      users: [
        { _id: 'alice', username: 'alice' },
        { _id: 'bob', username: 'bob' },
      ],
      rooms: [
        { _id: 'r1', t: 'c', name: 'r1' },
        { _id: 'r2', t: 'c', name: 'r2' },
      ],
      messages: [
        storedMessage({ _id: 'm1', rid: 'r1' }),
        storedMessage({ _id: 'm2', rid: 'r1' }),
        storedMessage({ _id: 'keep', rid: 'r2' }),
      ],
    });
    const alice = w.subscribe('r1', 'alice');
    const bob = w.subscribe('r1', 'bob');
    w.subscribe('r2', 'bob');
    await w.eraser.erase(w.repos.rooms.data.get('r1') as IRoom);

    expect(w.repos.trash.trashed.map((t) => [t.collection, t._id])).toEqual([
      ['rocketchat_message', 'm1'],
      ['rocketchat_message', 'm2'],
      ['rocketchat_room', 'r1'],
      ['rocketchat_subscription', alice._id],
      ['rocketchat_subscription', bob._id],
    ]);
    expect(w.repos.rooms.data.get('r1')).toBeNull();
    expect(w.repos.messages.data.all().map((m) => m._id)).toEqual(['keep']);
    expect(w.repos.subscriptions.data.all().map((s) => s.rid)).toEqual(['r2']);
    expect(w.events.map(([method, action]) => [method, action])).toEqual([
      ['roomChanged', 'removed'],
      ['subscriptionChanged', 'removed'],
      ['subscriptionChanged', 'removed'],
    ]);
  });
});
