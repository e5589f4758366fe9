import { describe, expect, it } from '@jest/globals';
import { coreWorld } from '../testing/core-world.js';
import { RoomRolesService } from './room-roles.service.js';

const alice = { userId: 'alice', username: 'alice' };
const general = { roomId: 'general', t: 'c' } as const;

/** A channel owned by alice, with bob a plain member; alice may set owners and moderators. */
function world() {
  const w = coreWorld({
    users: ['alice', 'bob', 'carol'].map((id) => ({ _id: id, username: id })),
    rooms: [
      { _id: 'general', t: 'c', name: 'general' },
      { _id: 'alicebob', t: 'd', uids: ['alice', 'bob'] },
    ],
  });
  w.subscribe('general', 'alice', { roles: ['owner'] });
  w.subscribe('general', 'bob');
  w.fakeAccess.grant('alice', ['set-owner', 'set-moderator'], 'general');
  return { ...w, roles: new RoomRolesService(w.access, w.resolver, w.subscriptions, w.users, w.systemMessages, w.realtime) };
}
const rolesOf = (w: ReturnType<typeof world>, userId: string) =>
  w.repos.subscriptions.data.findOne({ rid: 'general', 'u._id': userId })!.roles;

describe('RoomRolesService.setRole', () => {
  it('gives a room role: on the subscription, a subscription-role-added message, and the roles stream told', async () => {
    const w = world();
    await w.roles.setRole(alice, general, { username: 'bob' }, 'moderator', true);
    expect(rolesOf(w, 'bob')).toEqual(['moderator']);
    expect(w.repos.messages.data.find({ t: 'subscription-role-added' })).toEqual([
      expect.objectContaining({ msg: 'bob', role: 'moderator', u: expect.objectContaining({ _id: 'alice' }) }),
    ]);
    expect(w.named('userRoleChanged')).toEqual([['added', 'moderator', { _id: 'bob', username: 'bob' }, 'general']]);
  });

  it('refuses giving a role twice and taking one that is not held, with the role-specific error', async () => {
    const w = world();
    await expect(w.roles.setRole(alice, general, { userId: 'alice' }, 'owner', true)).rejects.toMatchObject({
      code: 'error-user-already-owner',
    });
    await expect(w.roles.setRole(alice, general, { userId: 'bob' }, 'moderator', false)).rejects.toMatchObject({
      code: 'error-user-not-moderator',
    });
  });

  it('never removes the last owner', async () => {
    const w = world();
    await expect(w.roles.setRole(alice, general, { userId: 'alice' }, 'owner', false)).rejects.toMatchObject({
      code: 'error-remove-last-owner',
    });
    await w.roles.setRole(alice, general, { userId: 'bob' }, 'owner', true);
    await w.roles.setRole(alice, general, { userId: 'alice' }, 'owner', false);
    expect(rolesOf(w, 'alice')).toEqual([]);
  });

  it("refuses without the role's permission, in a direct message, for a non-member and an unknown user", async () => {
    const w = world();
    await expect(w.roles.setRole(alice, general, { userId: 'bob' }, 'leader', true)).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(w.roles.setRole(alice, { roomId: 'alicebob' }, { userId: 'bob' }, 'owner', true)).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
    await expect(w.roles.setRole(alice, general, { userId: 'carol' }, 'owner', true)).rejects.toMatchObject({
      code: 'error-user-not-in-room',
    });
    await expect(w.roles.setRole(alice, general, { username: 'ghost' }, 'owner', true)).rejects.toMatchObject({
      code: 'error-invalid-user',
    });
  });
});
