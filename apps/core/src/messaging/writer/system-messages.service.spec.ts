import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rc/contracts';
import { coreWorld } from '../../testing/core-world.js';

describe('SystemMessages.save', () => {
  it('stores a typed, non-groupable message by the acting user and counts it in the room', async () => {
    const w = coreWorld({ users: [{ _id: 'alice', username: 'alice' }], rooms: [{ _id: 'r1', t: 'c', name: 'r1' }] });
    const room = w.repos.rooms.data.get('r1') as IRoom;
    const saved = await w.systemMessages.save(
      'subscription-role-added',
      room,
      'bob',
      { _id: 'alice', username: 'alice', name: 'Alice' },
      {
        role: 'owner',
      },
    );
    expect(saved).toMatchObject({
      t: 'subscription-role-added',
      rid: 'r1',
      msg: 'bob',
      role: 'owner',
      groupable: false,
      u: { _id: 'alice', username: 'alice', name: 'Alice' },
    });
    expect(w.repos.messages.data.get(saved._id)).not.toBeNull();
    expect(w.repos.rooms.data.get('r1')).toMatchObject({ msgs: 1, lastMessage: { _id: saved._id } });
    expect(w.named('messageUpserted')).toHaveLength(1);
  });
});
