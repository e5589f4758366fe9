import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@rc/contracts';
import { coreWorld } from '../testing/core-world.js';

const alice = { userId: 'alice' } as Actor;

/** alice, bob and carol may all create and receive direct messages; dave is deactivated. */
function world(settings: Record<string, number> = {}) {
  const w = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob', name: 'Bob' },
      { _id: 'carol', username: 'carol', name: 'Carol' },
      { _id: 'dave', username: 'dave', active: false },
    ],
    settings,
  });
  for (const id of ['alice', 'bob', 'carol', 'dave']) w.fakeAccess.grant(id, ['create-d', 'view-d-room']);
  return w;
}
const subs = (w: ReturnType<typeof world>, rid: string) =>
  Object.fromEntries(w.repos.subscriptions.data.find({ rid }).map((s) => [s.u._id, { name: s.name, open: s.open }]));

describe('DirectRoomsService.create', () => {
  it("creates a one-to-one DM under the two sorted ids; each member's subscription is named after the other; only the creator's is open", async () => {
    const w = world();
    const room = await w.directRooms.create(alice, ['@bob']);
    expect(room).toMatchObject({ _id: 'alicebob', rid: 'alicebob', t: 'd', uids: ['alice', 'bob'], usersCount: 2 });
    expect(subs(w, 'alicebob')).toEqual({ alice: { name: 'bob', open: true }, bob: { name: 'alice', open: false } });
  });

  it('finds the same DM again whoever opens it, and reopens it for the one who asks', async () => {
    const w = world();
    await w.directRooms.create(alice, ['bob']);
    const again = await w.directRooms.create({ userId: 'bob' } as Actor, ['alice']);
    expect(again._id).toBe('alicebob');
    expect(w.repos.rooms.data.all()).toHaveLength(1);
    expect(subs(w, 'alicebob').bob.open).toBe(true);
    expect(w.named('roomChanged')).toHaveLength(1);
  });

  it('creates a group DM open for everyone, and finds it again by its members', async () => {
    const w = world();
    const group = await w.directRooms.create(alice, ['bob', 'carol']);
    expect(group.uids).toEqual(['alice', 'bob', 'carol']);
    expect(Object.values(subs(w, group._id)).every((s) => s.open)).toBe(true);
    await expect(w.directRooms.create({ userId: 'carol' } as Actor, ['alice', 'bob'])).resolves.toMatchObject({ _id: group._id });
  });

  it('a DM with oneself has one member', async () => {
    const w = world();
    await expect(w.directRooms.create(alice, ['alice'])).resolves.toMatchObject({ uids: ['alice'], usersCount: 1 });
  });

  it('refuses without create-d, unknown or deactivated users, and users without view-d-room', async () => {
    const w = world();
    await expect(w.directRooms.create({ userId: 'eve' } as Actor, ['bob'])).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(w.directRooms.create(alice, ['ghost'])).rejects.toMatchObject({ code: 'error-invalid-user' });
    await expect(w.directRooms.create(alice, ['dave'])).rejects.toMatchObject({ code: 'error-invalid-user' });
    const closed = coreWorld({
      users: [
        { _id: 'alice', username: 'alice' },
        { _id: 'bob', username: 'bob' },
      ],
    });
    closed.fakeAccess.grant('alice', 'create-d');
    await expect(closed.directRooms.create(alice, ['bob'])).rejects.toMatchObject({ code: 'error-not-allowed' });
  });

  it('refuses more members than DirectMesssage_maxUsers, the creator included', async () => {
    const w = world({ DirectMesssage_maxUsers: 2 });
    await expect(w.directRooms.create(alice, ['bob', 'carol'])).rejects.toMatchObject({ code: 'error-direct-message-max-user-exceeded' });
  });
});
